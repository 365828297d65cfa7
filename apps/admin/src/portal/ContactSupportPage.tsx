import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { looksLikeEmail, portalPost, usePortalSubmit } from './portalApi';

/** Contact support: a ticket for the account behind the address; the ticket number goes to that account's email. */
export const ContactSupportPage = () => {
  const [email, setEmail] = useState('');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  // Someone locked out often cannot read the account's mailbox either: another way back, if they want one.
  const [callbackPhone, setCallbackPhone] = useState('');
  const [callbackEmail, setCallbackEmail] = useState('');
  const [answer, setAnswer] = useState<string>();
  const { busy, problem, run } = usePortalSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const accepted = await portalPost<{ message: string }>('/self-service/tickets', {
        email: email.trim(),
        subject: subject.trim(),
        description: description.trim(),
        ...(callbackPhone.trim() ? { callbackPhone: callbackPhone.trim() } : {}),
        ...(callbackEmail.trim() ? { callbackEmail: callbackEmail.trim() } : {}),
      });
      setAnswer(accepted.message);
    });
  };

  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Contact support
        </Typography>
        {answer ? (
          <Alert severity="success" data-testid="support-done">
            {answer}
          </Alert>
        ) : (
          <Box component="form" onSubmit={submit} noValidate>
            <Stack spacing={2}>
              <Typography color="text.secondary">
                We answer at the email address of your account; an agent will name the ticket number when they contact you.
              </Typography>
              <TextField
                label="Email address of your account"
                type="email"
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                autoComplete="email"
                autoFocus
                fullWidth
              />
              <TextField
                label="What do you need?"
                value={subject}
                onChange={(event) => setSubject(event.target.value)}
                slotProps={{ htmlInput: { maxLength: 200 } }}
                fullWidth
              />
              <TextField
                label="Details (optional)"
                value={description}
                onChange={(event) => setDescription(event.target.value)}
                multiline
                minRows={3}
                slotProps={{ htmlInput: { maxLength: 5000 } }}
                fullWidth
              />
              <Typography variant="subtitle2" component="h2">
                Cannot read that mailbox?
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mt: '4px !important' }}>
                Leave a phone number or another email address and support can answer you there. To keep your account safe they still confirm
                it is you with a code sent to your account.
              </Typography>
              <TextField
                label="Phone number to call you back on (optional)"
                type="tel"
                value={callbackPhone}
                onChange={(event) => setCallbackPhone(event.target.value)}
                autoComplete="tel"
                slotProps={{ htmlInput: { maxLength: 32 } }}
                fullWidth
              />
              <TextField
                label="Another email address (optional)"
                type="email"
                value={callbackEmail}
                onChange={(event) => setCallbackEmail(event.target.value)}
                slotProps={{ htmlInput: { maxLength: 320 } }}
                fullWidth
              />
              {problem && (
                <Alert severity="error" data-testid="support-problem">
                  {problem}
                </Alert>
              )}
              <Button type="submit" variant="contained" size="large" disabled={busy || !looksLikeEmail(email) || !subject.trim()}>
                Send to support
              </Button>
            </Stack>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};
