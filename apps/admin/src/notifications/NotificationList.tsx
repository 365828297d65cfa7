import {
  AutocompleteInput,
  Datagrid,
  DateField,
  DateInput,
  FilterButton,
  List,
  NumberField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { Chip, Stack } from '@mui/material';
import { Link } from 'react-router-dom';
import type { Notification } from '../api/types';
import { NotificationStatusField } from './NotificationStatusField';
import { RetryAllFailedButton } from './RetryAllFailedButton';
import { RetryButton } from './RetryButton';
import { RetriedPanel } from './RetriedPanel';

export const STATUS_CHOICES = [
  { id: 'queued', name: 'Queued' },
  { id: 'sent', name: 'Sent' },
  { id: 'failed', name: 'Failed' },
];

export const KIND_CHOICES = [
  { id: 'ticket-opened', name: 'Ticket opened' },
  { id: 'assisted-code', name: 'Verification code' },
  { id: 'reset-link', name: 'Reset link' },
  { id: 'temporary-password-notice', name: 'Temporary password notice' },
  { id: 'reset-confirmation', name: 'Reset confirmation' },
  { id: 'privileged-reset-alert', name: 'Privileged reset alert' },
  { id: 'self-service-code', name: 'Forgot-password code' },
  { id: 'expiry-reminder', name: 'Expiry reminder' },
  { id: 'staff-sign-in-locked', name: 'Staff sign-in paused' },
  { id: 'approval-requested', name: 'Approval requested' },
  { id: 'test-email', name: 'Test email' },
];

/** The shipped policies remind at 7, 3 and 0 days; custom policies may add others (typed as a number). */
export const MILESTONE_CHOICES = [14, 7, 3, 1, 0].map((days) => ({
  id: days,
  name: days === 0 ? 'Expiry day (0)' : `${days} days before`,
}));

export const CHANNEL_CHOICES = [
  { id: 'email', name: 'Email' },
  { id: 'chat', name: 'Chat' },
];

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Recipient, subject or error" />,
  <SelectInput key="status" source="status" choices={STATUS_CHOICES} alwaysOn />,
  <SelectInput key="kind" source="kind" choices={KIND_CHOICES} />,
  <SelectInput key="channel" source="channel" choices={CHANNEL_CHOICES} />,
  <TextInput key="recipient" source="recipient" label="Recipient starts with" />,
  <SelectInput key="milestone" source="milestone" label="Reminder milestone" choices={MILESTONE_CHOICES} />,
  <ReferenceInput key="accountId" source="accountId" reference="accounts">
    <AutocompleteInput label="Account" optionText="username" filterToQuery={(q: string) => ({ q })} />
  </ReferenceInput>,
  <DateInput key="createdFrom" source="createdFrom" label="Created from" />,
  <DateInput key="createdTo" source="createdTo" label="Created before" />,
];

const ListActions = () => (
  <TopToolbar>
    <FilterButton />
    <RetryAllFailedButton />
  </TopToolbar>
);

/**
 * A permanent refusal (the server said the address does not exist) will fail again until the address is fixed: say so,
 * and link to the account where it is changed; a temporary one is retried by itself.
 */
const FailureKindField = (_props: { label?: string }) => {
  const row = useRecordContext<Notification>();
  if (!row?.failureKind) return null;
  if (row.failureKind === 'temporary') return <Chip size="small" variant="outlined" label="temporary" />;
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }} onClick={(event) => event.stopPropagation()}>
      <Chip size="small" color="error" label="address refused" data-testid="failure-permanent" />
      {row.accountId && (
        <Link to={`/accounts/${row.accountId}/show`} style={{ fontSize: 13 }}>
          Fix the address
        </Link>
      )}
    </Stack>
  );
};

export const NotificationList = () => (
  <List
    filters={filters}
    actions={<ListActions />}
    sort={{ field: 'id', order: 'DESC' }}
    perPage={25}
    title="Delivery log"
    // The list stays (with the retried rows above it) when the filter finds nothing any more.
    empty={false}
  >
    <RetriedPanel />
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" label="#" />
      <DateField source="createdAt" label="Created" showTime />
      <TextField source="kind" />
      <TextField source="channel" />
      <NumberField source="milestone" label="Days before expiry" emptyText="—" />
      <TextField source="recipient" />
      <TextField source="subject" sortable={false} />
      <NotificationStatusField label="Status" source="status" />
      <NumberField source="attempts" />
      <DateField source="lastAttemptAt" label="Last attempt" showTime sortable={false} emptyText="—" />
      <TextField source="lastError" label="Last error" sortable={false} emptyText="—" />
      <FailureKindField label="Failure" />
      <RetryButton />
    </Datagrid>
  </List>
);
