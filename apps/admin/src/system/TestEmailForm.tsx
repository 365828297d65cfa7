import SendIcon from '@mui/icons-material/Send';
import { Card, CardContent, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { email, Form, maxLength, required, SaveButton, TextInput, useNotify } from 'react-admin';
import { useState } from 'react';
import { postJson } from '../httpClient';

interface TestEmailValues {
  to: string;
  note?: string;
}

/** Queues a test email through the real outbox, so an operator can check SMTP end to end. */
export const TestEmailForm = ({ onQueued }: { onQueued: () => void }) => {
  const notify = useNotify();
  const [lastId, setLastId] = useState<number>();

  const submit = async (values: Record<string, unknown>) => {
    const { to, note } = values as unknown as TestEmailValues;
    try {
      const { notificationId } = await postJson<{ notificationId: number }>('/system/test-email', { to, note: note || undefined });
      setLastId(notificationId);
      notify(`Test email #${notificationId} queued for ${to}`, { type: 'success' });
      onQueued();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'Could not queue the test email', { type: 'error' });
    }
  };

  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Send a test email
        </Typography>
        <Form onSubmit={submit} defaultValues={{ to: '', note: '' }}>
          <TextInput source="to" label="Recipient" validate={[required(), email()]} fullWidth />
          <TextInput source="note" label="Note (optional)" validate={maxLength(500)} fullWidth multiline />
          <SaveButton label="Send test email" icon={<SendIcon />} alwaysEnable />
        </Form>
        {lastId !== undefined && (
          <Typography variant="body2" sx={{ mt: 2 }} data-testid="test-email-queued">
            Queued as <Link to={`/notifications/${lastId}/show`}>notification #{lastId}</Link>.
          </Typography>
        )}
      </CardContent>
    </Card>
  );
};
