import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useSecondsUntil } from '../shared/useSecondsUntil';
import type { PasswordCheckGrant } from '../api/types';
import { NewPasswordControls, useOnCheckExpired, usePasswordPair } from './NewPasswordFields';
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
  const [grant, setGrant] = useState<PasswordCheckGrant>();
  const [restart, setRestart] = useState<string>();
  const checking = usePortalSubmit();
  // The code stopped working after it was accepted (expired, replaced, locked): back to the code, with the reason.
  const backToCode = (message: string) => {
    setGrant(undefined);
    setCode('');
    setRestart(message);
  };

  // Six digits are checked once as typed (a wrong one counts as a try, so the same digits are never sent twice).
  const typeCode = (value: string) => {
    const digits = value.replace(/\D/g, '').slice(0, 6);
    setCode(digits);
    if (digits.length === 6 && digits !== code)
      void checking.run(async () =>
        setGrant(await portalPost<PasswordCheckGrant>('/self-service/forgot-password/check-code', { email, code: digits })),
      );
  };

  return (
    <Stack spacing={2}>
      <Alert severity="info" data-testid="forgot-sent">
        If an account uses {email}, a code is on its way. It works for 10 minutes. Never share it — we will never ask for it.
      </Alert>
      {grant ? (
        <NewPasswordForm email={email} code={code} grant={grant} onDone={onDone} onCodeGone={backToCode} />
      ) : (
        <>
          <TextField
            label="Code from the email"
            value={code}
            onChange={(event) => typeCode(event.target.value)}
            autoComplete="one-time-code"
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            helperText={checking.busy ? 'Checking the code…' : 'The 6 digits from the email'}
            disabled={checking.busy}
            autoFocus
            fullWidth
          />
          {(checking.problem ?? restart ?? resendProblem) && (
            <Alert severity="error" data-testid="forgot-problem">
              {checking.problem ?? restart ?? resendProblem}
            </Alert>
          )}
          <Button onClick={resend} disabled={wait > 0} data-testid="resend-code">
            {wait > 0 ? `Send a new code (${wait} s)` : 'Send a new code'}
          </Button>
        </>
      )}
    </Stack>
  );
};

/** The code was right: the new password, against that account's own rules. */
const NewPasswordForm = ({
  email,
  code,
  grant,
  onDone,
  onCodeGone,
}: {
  email: string;
  code: string;
  grant: PasswordCheckGrant;
  onDone(): void;
  onCodeGone(message: string): void;
}) => {
  const { busy, problem, run } = usePortalSubmit();
  const pair = usePasswordPair(grant.checkToken);
  useOnCheckExpired(pair, onCodeGone);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!pair.ready) return;
    await run(
      async () => {
        await portalPost('/self-service/forgot-password/verify', { email, code, newPassword: pair.password });
        pair.clear();
        onDone();
      },
      // A wrong, expired or locked code (422 without failed rules): the code step again, not a dead end.
      (refusal) => {
        if (refusal.code !== 'CODE_WRONG_OR_EXPIRED') return false;
        onCodeGone(refusal.message);
        return true;
      },
    );
  };

  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Stack spacing={2}>
        <Typography data-testid="forgot-for">
          Code accepted. A new password for <strong>{grant.displayName}</strong> ({grant.username}).
        </Typography>
        <NewPasswordControls pair={pair} busy={busy} problem={problem} name="forgot" submitLabel="Set new password" autoFocus />
      </Stack>
    </Box>
  );
};
