import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRefresh } from 'react-admin';
import { reloadProfile, type Profile } from '../authProvider';
import { errorMessage, postJson } from '../httpClient';
import { CurrentPasswordField } from '../shared/CurrentPasswordField';
import type { TotpEnrollment } from '../api/types';

type Enrollment = TotpEnrollment;

/** Enroll: show the QR code and secret, confirm with a code, then show the recovery codes once. */
export const TwoFactorSetup = ({ profile, onChanged }: { profile: Profile; onChanged: () => void }) => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [enrollment, setEnrollment] = useState<Enrollment>();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const [error, setError] = useState<string>();

  const start = async () => {
    setError(undefined);
    try {
      setEnrollment(await postJson<Enrollment>('/auth/totp/enroll', { password }));
      setPassword('');
    } catch (failure) {
      setError(errorMessage(failure, 'Could not start enrollment'));
    }
  };

  const confirm = async () => {
    setError(undefined);
    try {
      const answer = await postJson<{ recoveryCodes: string[] }>('/auth/totp/confirm', { code: code.trim() });
      setRecoveryCodes(answer.recoveryCodes);
      setEnrollment(undefined);
      reloadProfile();
      notify('Two-factor sign-in is on', { type: 'success' });
    } catch (failure) {
      setError(errorMessage(failure, 'That code did not match'));
    }
  };

  const done = () => {
    setRecoveryCodes(undefined);
    onChanged();
    refresh();
    // Role-gated menus were computed before 2FA was on: start the app again (the refresh cookie keeps the session).
    if (profile.mfaEnrollmentRequired) window.location.assign('/admin/');
  };

  return (
    <Card variant="outlined" data-testid="two-factor-card">
      <CardContent>
        <Typography variant="h6" gutterBottom>
          Two-factor sign-in
        </Typography>
        {recoveryCodes ? (
          <Box>
            <Alert severity="warning" sx={{ mb: 2 }}>
              Save these recovery codes now: they are shown only once. Each one signs you in a single time if you lose your phone.
            </Alert>
            <Box
              component="pre"
              data-testid="recovery-codes"
              sx={{ fontFamily: 'monospace', fontSize: 16, bgcolor: '#f6f8fa', p: 2, columns: 2 }}
            >
              {recoveryCodes.join('\n')}
            </Box>
            <Button variant="contained" onClick={done}>
              I have saved them
            </Button>
          </Box>
        ) : profile.totpEnabled ? (
          <Typography data-testid="totp-status">
            On. {profile.recoveryCodesLeft} recovery code(s) left. Lost your device? Ask an admin to reset it.
          </Typography>
        ) : enrollment ? (
          <Stack spacing={2}>
            <Typography>Scan this code with an authenticator app (or type the key), then enter the 6-digit code it shows.</Typography>
            <img src={enrollment.qrCodeDataUrl} alt="QR code for your authenticator app" width={200} height={200} />
            <Typography variant="body2">
              Key: <code data-testid="totp-secret">{enrollment.secret}</code>
            </Typography>
            <TextField
              label="Code from the app"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              slotProps={{ htmlInput: { 'data-testid': 'totp-confirm-code', inputMode: 'numeric' } }}
            />
            <Button variant="contained" onClick={confirm}>
              Turn on two-factor sign-in
            </Button>
          </Stack>
        ) : (
          <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
            <Typography>
              {profile.mfaRequired ? 'Your role requires two-factor sign-in.' : 'Protect your account with a code from your phone.'}
            </Typography>
            <CurrentPasswordField
              value={password}
              onChange={setPassword}
              testId="totp-enroll-password"
              helperText="Type your password again to set up two-factor sign-in"
            />
            <Button variant="contained" onClick={start} disabled={password.length === 0}>
              Set up two-factor sign-in
            </Button>
          </Stack>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
};
