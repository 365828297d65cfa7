import { Box, Tab, Tabs, Typography } from '@mui/material';
import { useState } from 'react';
import { DateField, FunctionField, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';

interface CaughtMessage {
  id: number;
  subject: string;
  html: string | null;
  text: string;
  to: string[];
}

const MessageBody = () => {
  const record = useRecordContext<CaughtMessage>();
  const [tab, setTab] = useState<'html' | 'text'>('html');
  if (!record) return null;
  const showHtml = tab === 'html' && record.html !== null;
  return (
    <Box sx={{ width: '100%' }}>
      <Tabs value={tab} onChange={(_event, value) => setTab(value)}>
        <Tab label="HTML" value="html" disabled={record.html === null} />
        <Tab label="Text" value="text" />
      </Tabs>
      {showHtml ? (
        // An empty sandbox: the email's markup renders, but no script, form or navigation runs.
        <iframe title="Email HTML" sandbox="" srcDoc={record.html!} style={{ width: '100%', height: 480, border: '1px solid #ddd' }} />
      ) : (
        <Typography
          component="pre"
          sx={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace', p: 2, bgcolor: '#f6f8fa' }}
          data-testid="mail-text"
        >
          {record.text}
        </Typography>
      )}
    </Box>
  );
};

export const MailboxShow = () => (
  <Show title="Email">
    <SimpleShowLayout>
      <TextField source="subject" />
      <TextField source="from" />
      <FunctionField label="To" render={(record: CaughtMessage) => record.to.join(', ')} />
      <DateField source="receivedAt" label="Received" showTime />
      <MessageBody />
    </SimpleShowLayout>
  </Show>
);
