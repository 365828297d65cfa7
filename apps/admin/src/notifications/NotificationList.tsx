import { Datagrid, DateField, List, NumberField, SearchInput, SelectInput, TextField, TextInput } from 'react-admin';
import { NotificationStatusField } from './NotificationStatusField';
import { RetryButton } from './RetryButton';

export const STATUS_CHOICES = [
  { id: 'queued', name: 'Queued' },
  { id: 'sent', name: 'Sent' },
  { id: 'failed', name: 'Failed' },
];

export const KIND_CHOICES = [{ id: 'test-email', name: 'Test email' }];

const filters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Recipient, subject or error" />,
  <SelectInput key="status" source="status" choices={STATUS_CHOICES} alwaysOn />,
  <SelectInput key="kind" source="kind" choices={KIND_CHOICES} />,
  <TextInput key="recipient" source="recipient" label="Recipient starts with" />,
];

export const NotificationList = () => (
  <List filters={filters} sort={{ field: 'id', order: 'DESC' }} perPage={25} title="Delivery log">
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <TextField source="id" label="#" />
      <DateField source="createdAt" label="Created" showTime />
      <TextField source="kind" />
      <TextField source="recipient" />
      <TextField source="subject" sortable={false} />
      <NotificationStatusField label="Status" source="status" />
      <NumberField source="attempts" />
      <TextField source="lastError" label="Last error" sortable={false} emptyText="—" />
      <RetryButton />
    </Datagrid>
  </List>
);
