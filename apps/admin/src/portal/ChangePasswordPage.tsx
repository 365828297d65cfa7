import { Alert, Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import type { PasswordCheckGrant } from '../api/types';
import { NewPasswordControls, SubmitBlocker, useOnCheckExpired, usePasswordPair } from './NewPasswordFields';
import { CurrentCredentialsFields, useCurrentCredentials } from './CurrentCredentialsFields';
import { portalPost, usePortalSubmit } from './portalApi';

interface Proved {
  username: string;
  current: string;
  grant: PasswordCheckGrant;
}

/**
 * Change password with the current one — also an expired password or a
 * temporary one from support. First the current password (the page learns
 * nothing about an account before that proof), then the new one against
 * that account's own rules, history included.
 */
export const ChangePasswordPage = () => {
  const [proved, setProved] = useState<Proved>();
  const [done, setDone] = useState(false);
  const [restart, setRestart] = useState<string>();

  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Change your password
        </Typography>
        {done ? (
          <Alert severity="success" data-testid="change-done">
            Your password has been changed. A confirmation email is on its way. <RouterLink to="/">Back to account help</RouterLink>
          </Alert>
        ) : proved ? (
          <NewPasswordStep
            proved={proved}
            onDone={() => {
              setProved(undefined);
              setDone(true);
            }}
            onBack={() => setProved(undefined)}
            onExpired={(message) => {
              setProved(undefined);
              setRestart(message);
            }}
          />
        ) : (
          <CurrentPasswordStep
            notice={restart}
            onProved={(next) => {
              setRestart(undefined);
              setProved(next);
            }}
          />
        )}
      </CardContent>
    </Card>
  );
};

const CurrentPasswordStep = ({ notice, onProved }: { notice?: string; onProved(proved: Proved): void }) => {
  const credentials = useCurrentCredentials();
  const { busy, problem, run } = usePortalSubmit();
  const { missing } = credentials;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (missing) return;
    await run(async () => {
      const grant = await portalPost<PasswordCheckGrant>('/self-service/change-password/verify', credentials.body());
      onProved({ username: credentials.username, current: credentials.current, grant });
    });
  };

  return (
    <Box component="form" onSubmit={submit} noValidate>
      {notice && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="change-restart">
          {notice}
        </Alert>
      )}
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Use your current password — also if it has expired, or the temporary password support gave you.
      </Typography>
      <Stack spacing={2}>
        <CurrentCredentialsFields credentials={credentials} />
        {problem && (
          <Alert severity="error" data-testid="change-problem">
            {problem}
          </Alert>
        )}
        <Button
          type="submit"
          variant="contained"
          size="large"
          disabled={busy || !!missing}
          aria-describedby={missing ? 'current-blocker' : undefined}
        >
          Continue
        </Button>
        <SubmitBlocker id="current-blocker" reason={busy ? undefined : missing} />
      </Stack>
    </Box>
  );
};

const NewPasswordStep = ({
  proved,
  onDone,
  onBack,
  onExpired,
}: {
  proved: Proved;
  onDone(): void;
  onBack(): void;
  onExpired(message: string): void;
}) => {
  const pair = usePasswordPair(proved.grant.checkToken);
  useOnCheckExpired(pair, onExpired);
  const { busy, problem, run } = usePortalSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!pair.ready) return;
    await run(async () => {
      await portalPost('/self-service/change-password', {
        username: proved.username,
        currentPassword: proved.current,
        newPassword: pair.password,
        confirmPassword: pair.confirm,
      });
      pair.clear();
      onDone();
    });
  };

  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Typography sx={{ mb: 2 }} data-testid="change-for">
        For <strong>{proved.grant.displayName}</strong> ({proved.grant.username}).
      </Typography>
      <Stack spacing={2}>
        <NewPasswordControls pair={pair} busy={busy} problem={problem} name="change" submitLabel="Change password" autoFocus />
        <Button onClick={onBack}>Not you? Start again</Button>
      </Stack>
    </Box>
  );
};
