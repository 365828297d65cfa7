import { Alert, Box, Button, Card, CardContent, Checkbox, FormControlLabel, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useSecondsUntil } from '../shared/useSecondsUntil';
import { NewPasswordFields, usePasswordPair } from './NewPasswordFields';
import { looksLikeEmail, portalPost, usePortalSubmit } from './portalApi';

const RESEND_SECONDS = 60;

/**
 * Forgot password: an address, then the emailed code with a new password.
 * The page says the same for every address; it never tells whether an
 * account exists.
 */
export const ForgotPasswordPage = () => {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const { busy, problem, run } = usePortalSubmit();
  const [done, setDone] = useState(false);
  const wait = useSecondsUntil(resendAt);

  const ask = async (event?: FormEvent) => {
    event?.preventDefault();
    await run(async () => {
      await portalPost('/self-service/forgot-password', { email: email.trim() });
      setSentTo(email.trim());
      setResendAt(Date.now() + RESEND_SECONDS * 1000);
    });
  };

  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Forgot your password?
        </Typography>
        {done ? (
          <Alert severity="success" data-testid="forgot-done">
            Your password has been changed. A confirmation email is on its way. <RouterLink to="/">Back to account help</RouterLink>
          </Alert>
        ) : sentTo === null ? (
          <Box component="form" onSubmit={ask} noValidate>
            <Stack spacing={2}>
              <Typography color="text.secondary">
                Type the email address of your account. If it belongs to one, we send a 6-digit code to it.
              </Typography>
              <TextField
                label="Email address"
                type="email"
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                autoComplete="email"
                autoFocus
                fullWidth
              />
              {problem && (
                <Alert severity="error" data-testid="forgot-problem">
                  {problem}
                </Alert>
              )}
              <Button type="submit" variant="contained" size="large" disabled={busy || !looksLikeEmail(email)}>
                Send me a code
              </Button>
            </Stack>
          </Box>
        ) : (
          <CodeAndPasswordForm email={sentTo} wait={wait} resend={() => ask()} resendProblem={problem} onDone={() => setDone(true)} />
        )}
      </CardContent>
    </Card>
  );
};

const CodeAndPasswordForm = ({
  email,
  wait,
  resend,
  resendProblem,
  onDone,
}: {
  email: string;
  wait: number;
  resend(): void;
  resendProblem?: string;
  onDone(): void;
}) => {
  const [code, setCode] = useState('');
  const [show, setShow] = useState(false);
  const { busy, problem, run } = usePortalSubmit();
  const pair = usePasswordPair();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await portalPost('/self-service/forgot-password/verify', { email, code, newPassword: pair.password });
      onDone();
    });
  };

  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Stack spacing={2}>
        <Alert severity="info" data-testid="forgot-sent">
          If an account uses {email}, a code is on its way. It works for 10 minutes. Never share it — we will never ask for it.
        </Alert>
        <TextField
          label="Code from the email"
          value={code}
          onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
          autoComplete="one-time-code"
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          autoFocus
          fullWidth
        />
        <NewPasswordFields pair={pair} show={show} />
        <FormControlLabel
          control={<Checkbox checked={show} onChange={(event) => setShow(event.target.checked)} />}
          label="Show passwords"
        />
        {(problem ?? resendProblem) && (
          <Alert severity="error" data-testid="forgot-problem">
            {problem ?? resendProblem}
          </Alert>
        )}
        <Button type="submit" variant="contained" size="large" disabled={busy || code.length !== 6 || !pair.ready}>
          Set new password
        </Button>
        <Button onClick={resend} disabled={wait > 0} data-testid="resend-code">
          {wait > 0 ? `Send a new code (${wait} s)` : 'Send a new code'}
        </Button>
      </Stack>
    </Box>
  );
};
