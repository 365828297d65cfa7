import { Alert, Box, Button, Card, CardContent, Checkbox, FormControlLabel, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { NewPasswordFields, usePasswordPair } from './NewPasswordFields';
import { portalPost, usePortalSubmit } from './portalApi';

/**
 * Change password with the current one — also an expired password or a
 * temporary one from support. The checklist shows the default policy (the
 * account's own policy is checked on submit, so the page reveals nothing
 * about which usernames exist).
 */
export const ChangePasswordPage = () => {
  const [username, setUsername] = useState('');
  const [current, setCurrent] = useState('');
  const [show, setShow] = useState(false);
  const { busy, problem, run } = usePortalSubmit();
  const [done, setDone] = useState(false);
  const pair = usePasswordPair(undefined, { username });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      await portalPost('/self-service/change-password', {
        username: username.trim(),
        currentPassword: current,
        newPassword: pair.password,
        confirmPassword: pair.confirm,
      });
      setDone(true);
    });
  };

  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Change your password
        </Typography>
        {done ? (
          <Alert severity="success" data-testid="change-done">
            Your password has been changed. A confirmation email is on its way.
          </Alert>
        ) : (
          <Box component="form" onSubmit={submit} noValidate>
            <Typography color="text.secondary" sx={{ mb: 2 }}>
              Use your current password — also if it has expired, or the temporary password support gave you.
            </Typography>
            <Stack spacing={2}>
              <TextField
                label="Username"
                value={username}
                onChange={(event) => setUsername(event.target.value)}
                autoComplete="username"
                autoFocus
                fullWidth
              />
              <TextField
                label="Current password"
                type={show ? 'text' : 'password'}
                value={current}
                onChange={(event) => setCurrent(event.target.value)}
                autoComplete="current-password"
                fullWidth
              />
              <NewPasswordFields pair={pair} show={show} />
              <FormControlLabel
                control={<Checkbox checked={show} onChange={(event) => setShow(event.target.checked)} />}
                label="Show passwords"
              />
              {problem && (
                <Alert severity="error" data-testid="change-problem">
                  {problem}
                </Alert>
              )}
              <Button type="submit" variant="contained" size="large" disabled={busy || !username.trim() || !current || !pair.ready}>
                Change password
              </Button>
            </Stack>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};
