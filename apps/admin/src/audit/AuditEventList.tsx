import { AUDIT_ACTION_LABELS, AuditAction } from '@resetdesk/audit/audit.types';
import { Chip } from '@mui/material';
import {
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
} from 'react-admin';
import { ChainBadge, VerifyChainButton } from './ChainBadge';
import { ExportCsvButton } from './ExportCsvButton';
import type { AuditEvent } from '../api/types';

/** What happened in words, the event's name beside it for whoever searches the CSV or the logs. */
export const ACTION_CHOICES = Object.values(AuditAction)
  .map((action) => ({ id: action, name: `${AUDIT_ACTION_LABELS[action]} (${action})` }))
  .sort((a, b) => a.name.localeCompare(b.name));

const ACTOR_TYPES = ['staff', 'account', 'system', 'anonymous'].map((type) => ({ id: type, name: type }));

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Action, target or actor" />,
  <SelectInput key="action" source="action" choices={ACTION_CHOICES} alwaysOn />,
  <TextInput key="actorLabel" source="actorLabel" label="Actor starts with" />,
  <SelectInput key="actorType" source="actorType" label="Actor type" choices={ACTOR_TYPES} />,
  <TextInput key="targetType" source="targetType" label="Target type" />,
  <TextInput key="targetId" source="targetId" label="Target id" />,
  <NumberInput key="ticketId" source="ticketId" label="Ticket #" />,
  <NumberInput key="accountId" source="accountId" label="Account #" />,
  <DateTimeInput key="from" source="from" label="From" />,
  <DateTimeInput key="to" source="to" label="Until" />,
];

const Actions = () => (
  <TopToolbar sx={{ alignItems: 'center' }}>
    <ChainBadge />
    <VerifyChainButton />
    <FilterButton />
    <ExportCsvButton />
  </TopToolbar>
);

type EventRow = AuditEvent;

export const AuditEventList = () => (
  <List filters={filters} actions={<Actions />} sort={{ field: 'id', order: 'DESC' }} perPage={50} title="Audit log" exporter={false}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <NumberField source="seq" label="#" emptyText="…" />
      <DateField source="occurredAt" label="When" showTime />
      <FunctionField label="Actor" render={(event: EventRow) => event.actorLabel ?? event.actorType} />
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
      <FunctionField
        label="Target"
        render={(event: EventRow) => (event.targetType ? `${event.targetType}${event.targetId ? ` #${event.targetId}` : ''}` : '')}
      />
      <NumberField source="ticketId" label="Ticket" emptyText="" />
      <TextField source="ip" label="Address" emptyText="" sortable={false} />
    </Datagrid>
  </List>
);
