import LockIcon from '@mui/icons-material/Lock';
import { Alert, Avatar, Box, Button, Card, CardContent, CircularProgress, TextField, Typography } from '@mui/material';
import { FormEvent, useEffect, useState } from 'react';
import { useLogin } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { MfaRequired, SignInRefused } from '../authProvider';
import { refreshAccessToken, refreshRateLimit } from '../authSession';
import { useSecondsUntil } from '../shared/useSecondsUntil';

/** Email + password, then, when 2FA is on, the authenticator code (or a recovery code). */
export const LoginPage = () => {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [mfaToken, setMfaToken] = useState<string>();
  // A session whose refresh was rate-limited lands here: say so, and restore it once the wait is over.
  const [restoreLimit] = useState(refreshRateLimit);
  const [error, setError] = useState<string | undefined>(restoreLimit?.message);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const wait = useSecondsUntil(retryAt);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();

  useEffect(() => {
    if (!restoreLimit) return;
    const timer = setTimeout(() => {
      refreshAccessToken().then(
        (restored) => restored && navigate('/'),
        () => undefined,
      );
    }, restoreLimit.retryAt - Date.now());
    return () => clearTimeout(timer);
  }, [restoreLimit, navigate]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(mfaToken ? { mfaToken, code: code.trim() } : { email, password });
    } catch (failure) {
      if (failure instanceof MfaRequired) {
        setMfaToken(failure.mfaToken);
      } else {
        setError(failure instanceof Error ? failure.message : 'Sign-in failed');
        // A 429 names its wait; the sign-in button counts it down.
        const limitedUntil = failure instanceof SignInRefused ? failure.retryAt : undefined;
        setRetryAt(limitedUntil ?? null);
        if (mfaToken && !limitedUntil && /expired|again/.test(String(failure))) setMfaToken(undefined);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: '#eef2f6' }}>
      <Card sx={{ width: 380 }}>
        <CardContent>
          <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center', mb: 2 }}>
            <Avatar sx={{ bgcolor: 'primary.main', mb: 1 }}>
              <LockIcon />
            </Avatar>
            <Typography variant="h5" component="h1">
              ResetDesk
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {mfaToken ? 'Two-factor sign-in' : 'Staff sign-in'}
            </Typography>
          </Box>
          <form onSubmit={submit} noValidate>
            {mfaToken ? (
              <TextField
                label="Authentication code"
                helperText="6 digits from your authenticator app, or a recovery code"
                value={code}
                onChange={(event) => setCode(event.target.value)}
                autoFocus
                fullWidth
                margin="normal"
                autoComplete="one-time-code"
                slotProps={{ htmlInput: { inputMode: 'text', 'data-testid': 'totp-code' } }}
              />
            ) : (
              <>
                <TextField
                  label="Email"
                  type="email"
                  value={email}
                  onChange={(event) => setEmail(event.target.value)}
                  autoFocus
                  fullWidth
                  margin="normal"
                  autoComplete="username"
                />
                <TextField
                  label="Password"
                  type="password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  fullWidth
                  margin="normal"
                  autoComplete="current-password"
                />
              </>
            )}
            {error && (
              <Alert severity="error" sx={{ mt: 1 }} data-testid="login-error">
                {error}
              </Alert>
            )}
            <Button type="submit" variant="contained" fullWidth sx={{ mt: 2 }} disabled={busy || wait > 0}>
              {busy ? <CircularProgress size={22} /> : `${mfaToken ? 'Verify' : 'Sign in'}${wait > 0 ? ` (${wait} s)` : ''}`}
            </Button>
            {mfaToken && (
              <Button fullWidth sx={{ mt: 1 }} onClick={() => setMfaToken(undefined)}>
                Back
              </Button>
            )}
          </form>
        </CardContent>
      </Card>
    </Box>
  );
};
