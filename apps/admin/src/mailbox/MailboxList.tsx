import { Datagrid, DateField, FunctionField, List, TextField } from 'react-admin';

/** Demo only: every email the embedded SMTP sink caught, newest first. */
export const MailboxList = () => (
  <List title="Mailbox (demo)" pagination={false} exporter={false} perPage={500}>
    <Datagrid rowClick="show" bulkActionButtons={false}>
      <DateField source="receivedAt" label="Received" showTime sortable={false} />
      <FunctionField label="To" render={(record: { to: string[] }) => record.to.join(', ')} />
      <TextField source="subject" sortable={false} />
      <TextField source="from" sortable={false} />
    </Datagrid>
  </List>
);
