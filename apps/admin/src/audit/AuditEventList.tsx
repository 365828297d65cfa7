import { AUDIT_ACTION_GROUPS, AUDIT_ACTION_LABELS, AuditAction } from '@resetdesk/audit/audit.types';
import { Chip, MenuItem, Stack, TextField as MuiTextField } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import {
  AutocompleteInput,
  Datagrid,
  DateField,
  DateTimeInput,
  FilterButton,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useListContext,
} from 'react-admin';
import { ChainBadge, VerifyChainButton } from './ChainBadge';
import { ExportCsvButton } from './ExportCsvButton';
import { AUDIT_PERIODS, periodOf, periodRange, type AuditPeriod } from './auditPeriods';
import type { AuditEvent, AuditStaffMember } from '../api/types';
import { getJson } from '../httpClient';

/** What happened in words; the event's name stays in the table and the CSV for whoever searches the logs. */
export const ACTION_CHOICES = Object.values(AuditAction)
  .map((action) => ({ id: action, name: AUDIT_ACTION_LABELS[action] }))
  .sort((a, b) => a.name.localeCompare(b.name));

const GROUP_CHOICES = Object.entries(AUDIT_ACTION_GROUPS).map(([id, group]) => ({ id, name: group.label }));

const ACTOR_TYPES = [
  { id: 'staff', name: 'Staff' },
  { id: 'account', name: 'Account holder' },
  { id: 'system', name: 'ResetDesk itself' },
  { id: 'anonymous', name: 'Anonymous' },
];

const toInstant = (value: string) => (value ? new Date(value).toISOString() : '');

/** Staff by name (supervisors cannot list staff, so the audit API lists who may appear). */
const StaffPicker = (props: { source: string; label: string; alwaysOn?: boolean }) => {
  const { data = [] } = useQuery({
    queryKey: ['audit-staff'],
    queryFn: () => getJson<AuditStaffMember[]>('/audit-events/staff'),
    staleTime: 60_000,
  });
  return (
    <AutocompleteInput
      {...props}
      choices={data.map((member) => ({ id: member.id, name: `${member.name} (${member.email})` }))}
      sx={{ minWidth: 260 }}
    />
  );
};

/** Today, last 7 days, last week…: sets From and Until (shown as filters, so they can be adjusted). */
const PeriodPicker = (_props: { source: string; alwaysOn?: boolean }) => {
  const { filterValues, displayedFilters, setFilters } = useListContext();
  const choose = (period: AuditPeriod | '') => {
    const { from: _from, to: _to, ...rest } = filterValues as Record<string, unknown>;
    if (!period) return setFilters(rest, displayedFilters);
    setFilters({ ...rest, ...periodRange(period) }, { ...displayedFilters, from: true, to: true });
  };
  return (
    <MuiTextField
      select
      size="small"
      label="Period"
      value={periodOf(filterValues.from, filterValues.to)}
      onChange={(event) => choose(event.target.value as AuditPeriod | '')}
      sx={{ minWidth: 200 }}
      data-testid="audit-period"
    >
      <MenuItem value="">Any time</MenuItem>
      {AUDIT_PERIODS.map((period) => (
        <MenuItem key={period.id} value={period.id}>
          {period.name}
        </MenuItem>
      ))}
    </MuiTextField>
  );
};

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Action, target or actor" />,
  <SelectInput key="actionGroup" source="actionGroup" label="What" choices={GROUP_CHOICES} alwaysOn />,
  <SelectInput key="action" source="action" label="Action" choices={ACTION_CHOICES} />,
  <StaffPicker key="staffId" source="staffId" label="Staff member" alwaysOn />,
  <PeriodPicker key="period" source="period" alwaysOn />,
  <SelectInput key="actorType" source="actorType" label="Done by" choices={ACTOR_TYPES} />,
  <TextInput key="actorLabel" source="actorLabel" label="Actor starts with" />,
  <TextInput key="targetType" source="targetType" label="Target type" />,
  <TextInput key="targetId" source="targetId" label="Target id" />,
  <NumberInput key="ticketId" source="ticketId" label="Ticket #" />,
  <NumberInput key="accountId" source="accountId" label="Account #" />,
  // The inputs give local wall-clock text; the API gets the instant, so the server's own zone never shifts it.
  <DateTimeInput key="from" source="from" label="From" parse={toInstant} />,
  <DateTimeInput key="to" source="to" label="Until" parse={toInstant} />,
];

const Actions = () => (
  <TopToolbar sx={{ alignItems: 'center' }}>
    <FilterButton />
    <ExportCsvButton />
  </TopToolbar>
);

type EventRow = AuditEvent;

/** Times show in the browser's zone; the column says which. */
const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The name now, and the label recorded at the time when it says something else (an email, an old name). */
const actorOf = (event: EventRow) => {
  const name = event.actorName ?? event.actorLabel ?? ACTOR_TYPES.find((type) => type.id === event.actorType)?.name ?? event.actorType;
  return event.actorName && event.actorLabel && event.actorLabel !== event.actorName ? (
    <span>
      {name} <small style={{ opacity: 0.7 }}>{event.actorLabel}</small>
    </span>
  ) : (
    name
  );
};

export const AuditEventList = () => (
  <>
    {/* The chain's state above the list, so the filters keep the toolbar's width. */}
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 1 }}>
      <ChainBadge />
      <VerifyChainButton />
    </Stack>
    <AuditEvents />
  </>
);

const AuditEvents = () => (
  <List filters={filters} actions={<Actions />} sort={{ field: 'id', order: 'DESC' }} perPage={50} title="Audit log" exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <NumberField source="seq" label="#" emptyText="…" />
      <DateField source="occurredAt" label={`When (${BROWSER_ZONE})`} showTime />
      <FunctionField label="Actor" render={actorOf} />
      <FunctionField
        label="Action"
        sortBy="action"
        render={(event: EventRow) => (
          <span title={event.action}>
            <Chip
              size="small"
              label={AUDIT_ACTION_LABELS[event.action as AuditAction] ?? event.action}
              color={/failed|locked|reused|broken/.test(event.action) ? 'warning' : 'default'}
            />{' '}
            <small style={{ opacity: 0.7 }}>{event.action}</small>
          </span>
        )}
      />
      <TextField source="targetName" label="Target" sortable={false} />
      <FunctionField
        label="Account"
        render={(event: EventRow) => (event.accountName && event.targetName !== event.accountName ? event.accountName : '')}
      />
      <NumberField source="ticketId" label="Ticket" emptyText="" />
      <TextField source="ip" label="Address" emptyText="" sortable={false} />
    </Datagrid>
  </List>
);
