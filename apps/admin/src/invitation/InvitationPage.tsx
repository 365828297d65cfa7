import { Alert, Box, Button, Card, CardContent, Checkbox, FormControlLabel, Stack, TextField, Typography } from '@mui/material';
import { createTheme, CssBaseline, ThemeProvider } from '@mui/material';
import { useEffect, useState, type FormEvent } from 'react';
import { lightTheme } from '../layout/theme';
import { portalPost, PortalError } from '../portal/portalApi';

interface Invitation {
  email: string;
  name: string;
  expiresAt: string;
}

type Stage = { name: 'checking' } | { name: 'invalid'; message: string } | { name: 'ready'; invitation: Invitation } | { name: 'done' };

/** The token from `?token=…`, read once and dropped from the address bar and history. */
function takeToken(): string | null {
  const token = new URLSearchParams(window.location.search).get('token');
  if (token) window.history.replaceState(null, '', window.location.pathname);
  return token;
}

const theme = createTheme(lightTheme as Parameters<typeof createTheme>[0]);

/**
 * A new staff member's first page, outside the signed-in app: who the invitation is for, then their own password
 * (twice), then the way to sign in.
 */
export const InvitationPage = () => {
  const [token] = useState(takeToken);
  const [stage, setStage] = useState<Stage>(
    token ? { name: 'checking' } : { name: 'invalid', message: 'This page needs the link from your invitation email.' },
  );
  useEffect(() => {
    if (!token) return;
    portalPost<Invitation>('/auth/invitation/inspect', { token })
      .then((invitation) => setStage({ name: 'ready', invitation }))
      .catch((error: PortalError) => setStage({ name: 'invalid', message: error.message }));
  }, [token]);

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Box
        component="main"
        sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: '#eef2f6' }}
      >
        <Card sx={{ width: 440, m: 2 }}>
          <CardContent>
            <Typography variant="h5" component="h1" gutterBottom>
              Welcome to ResetDesk
            </Typography>
            {stage.name === 'checking' && <Typography color="text.secondary">Checking your invitation…</Typography>}
            {stage.name === 'invalid' && (
              <Alert severity="warning" data-testid="invitation-invalid">
                {stage.message}
              </Alert>
            )}
            {stage.name === 'ready' && (
              <ChoosePassword
                token={token!}
                invitation={stage.invitation}
                onDone={() => setStage({ name: 'done' })}
                onGone={(message) => setStage({ name: 'invalid', message })}
              />
            )}
            {stage.name === 'done' && (
              <Alert severity="success" data-testid="invitation-done">
                Your password is set. <a href="/admin/">Sign in</a> with your email address and it.
              </Alert>
            )}
          </CardContent>
        </Card>
      </Box>
    </ThemeProvider>
  );
};

const ChoosePassword = ({
  token,
  invitation,
  onDone,
  onGone,
}: {
  token: string;
  invitation: Invitation;
  onDone(): void;
  onGone(message: string): void;
}) => {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const mismatch = confirm.length > 0 && confirm !== password;
  const why = !password
    ? 'Type a password'
    : password.length < 12
      ? 'At least 12 characters'
      : confirm !== password
        ? 'Type it twice'
        : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (why) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await portalPost('/auth/invitation/accept', { token, password });
      setPassword('');
      setConfirm('');
      onDone();
    } catch (failure) {
      const error = failure as PortalError;
      if (error.status === 410) onGone(error.message);
      else setProblem(error.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Typography sx={{ mb: 2 }} data-testid="invitation-for">
        Choose the password for <strong>{invitation.name}</strong> ({invitation.email}). The link works once, until{' '}
        {new Date(invitation.expiresAt).toLocaleString()}.
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        At least 12 characters, not a common password, and not your name or email. A few unrelated words make a good one.
      </Typography>
      <Stack spacing={2}>
        <TextField
          label="Password"
          type={show ? 'text' : 'password'}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="new-password"
          autoFocus
          fullWidth
        />
        <TextField
          label="Password again"
          type={show ? 'text' : 'password'}
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          autoComplete="new-password"
          error={mismatch}
          helperText={mismatch ? 'Not the same as the first one' : ' '}
          fullWidth
        />
        <FormControlLabel
          control={<Checkbox checked={show} onChange={(event) => setShow(event.target.checked)} />}
          label="Show passwords"
        />
        {problem && (
          <Alert severity="error" data-testid="invitation-problem">
            {problem}
          </Alert>
        )}
        <Button
          type="submit"
          variant="contained"
          size="large"
          disabled={busy || !!why}
          aria-describedby={why ? 'invitation-why' : undefined}
        >
          Set my password
        </Button>
        {why && !busy && (
          <Typography id="invitation-why" variant="body2" color="text.secondary" role="status">
            {why}
          </Typography>
        )}
      </Stack>
    </Box>
  );
};
