import { BooleanInput, Datagrid, DateField, DateTimeInput, FunctionField, List, SearchInput, SelectInput, TextField } from 'react-admin';
import { CHANNEL_CHOICES, PRIORITY_CHOICES, STATUS_CHOICES, TicketStatusField } from './TicketStatusField';

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Subject" />,
  <BooleanInput key="mine" source="mine" label="Mine" alwaysOn />,
  <BooleanInput key="active" source="active" label="Not finished" alwaysOn />,
  <BooleanInput key="unassigned" source="unassigned" label="Unassigned" />,
  <BooleanInput key="awaitingApproval" source="awaitingApproval" label="Waiting for approval" />,
  <SelectInput key="status" source="status" choices={STATUS_CHOICES} />,
  <SelectInput key="channel" source="channel" choices={CHANNEL_CHOICES} />,
  <SelectInput key="priority" source="priority" choices={PRIORITY_CHOICES} />,
  <DateTimeInput key="createdFrom" source="createdFrom" label="Opened from" />,
  <DateTimeInput key="createdTo" source="createdTo" label="Opened before" />,
  <DateTimeInput key="resolvedFrom" source="resolvedFrom" label="Resolved from" />,
  <DateTimeInput key="resolvedTo" source="resolvedTo" label="Resolved before" />,
];

export const TicketList = () => (
  <List filters={filters} filterDefaultValues={{ active: true }} sort={{ field: 'id', order: 'DESC' }} title="Tickets">
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" label="#" />
      <TextField source="subject" />
      <FunctionField
        label="Account"
        render={(ticket: { accountUsername: string; accountDisplayName: string }) =>
          `${ticket.accountDisplayName} (${ticket.accountUsername})`
        }
      />
      <TicketStatusField label="Status" sortBy="status" />
      <TextField source="priority" />
      <TextField source="channel" sortable={false} />
      <TextField source="assigneeName" label="Assignee" emptyText="unassigned" sortable={false} />
      <DateField source="createdAt" label="Opened" showTime />
      <DateField source="resolvedAt" label="Resolved" showTime emptyText="—" sortable={false} />
    </Datagrid>
  </List>
);
