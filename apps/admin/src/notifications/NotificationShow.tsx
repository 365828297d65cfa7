import { DateField, NumberField, Show, SimpleShowLayout, TextField, TopToolbar } from 'react-admin';
import { NotificationStatusField } from './NotificationStatusField';
import { RetryButton } from './RetryButton';

const Actions = () => (
  <TopToolbar>
    <RetryButton />
  </TopToolbar>
);

export const NotificationShow = () => (
  <Show actions={<Actions />}>
    <SimpleShowLayout>
      <TextField source="id" label="#" />
      <TextField source="kind" />
      <TextField source="recipient" />
      <TextField source="subject" />
      <NotificationStatusField label="Status" />
      <NumberField source="attempts" label="Delivery attempts" />
      <DateField source="lastAttemptAt" label="Last attempt started" showTime emptyText="—" />
      <TextField source="lastError" label="Last error" emptyText="—" />
      <TextField source="dedupeKey" label="Dedupe key" emptyText="—" />
      <TextField source="messageId" label="Message-ID (the same on every attempt)" emptyText="—" />
      <DateField source="createdAt" label="Created" showTime />
      <DateField source="queuedAt" label="Last queued" showTime />
      <DateField source="sentAt" label="Sent" showTime emptyText="—" />
    </SimpleShowLayout>
  </Show>
);
