import { Alert, Box, Card, CardContent, Stack, Typography } from '@mui/material';
import { useEffect, useState, type FormEvent } from 'react';
import { NewPasswordControls, useOnCheckExpired, usePasswordPair } from './NewPasswordFields';
import { portalPost, PortalError, usePortalSubmit } from './portalApi';
import type { ResetLinkInfo } from '../api/types';
import { takeFromAddress } from './addressParams';

type LinkInfo = ResetLinkInfo;

type Stage = { name: 'checking' } | { name: 'invalid'; message: string } | { name: 'ready'; info: LinkInfo } | { name: 'done' };

/** Reset link landing page: choose a new password with a live checklist, once. */
export const ResetPage = () => {
  const [token] = useState(() => takeFromAddress('token'));
  const [stage, setStage] = useState<Stage>(
    token
      ? { name: 'checking' }
      : { name: 'invalid', message: 'This page needs the link from your reset email. Open the link from the email as it is.' },
  );

  // Looked at again when the page's check stops working: a fresh check, or the reason the link no longer works.
  const [look, setLook] = useState(0);
  useEffect(() => {
    if (!token) return;
    portalPost<LinkInfo>('/self-service/reset/inspect', { token })
      .then((info) => setStage({ name: 'ready', info }))
      .catch((error: PortalError) => setStage({ name: 'invalid', message: error.message }));
  }, [token, look]);

  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Choose a new password
        </Typography>
        {stage.name === 'checking' && <Typography color="text.secondary">Checking your link…</Typography>}
        {stage.name === 'invalid' && (
          <Alert severity="warning" data-testid="reset-link-invalid">
            {stage.message}
          </Alert>
        )}
        {stage.name === 'ready' && (
          <NewPasswordForm
            key={stage.info.checkToken}
            onStale={() => setLook((count) => count + 1)}
            token={token!}
            info={stage.info}
            onDone={() => setStage({ name: 'done' })}
            onGone={(message) => setStage({ name: 'invalid', message })}
          />
        )}
        {stage.name === 'done' && (
          <Alert severity="success" data-testid="reset-done">
            Your password has been changed. A confirmation email is on its way; this link no longer works.
          </Alert>
        )}
      </CardContent>
    </Card>
  );
};

const NewPasswordForm = ({
  token,
  info,
  onDone,
  onGone,
  onStale,
}: {
  token: string;
  info: LinkInfo;
  onDone(): void;
  onGone(message: string): void;
  onStale(): void;
}) => {
  const pair = usePasswordPair(info.checkToken);
  useOnCheckExpired(pair, onStale);
  const { busy, problem, run } = usePortalSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!pair.ready) return;
    await run(
      async () => {
        await portalPost('/self-service/reset', { token, newPassword: pair.password });
        pair.clear();
        onDone();
      },
      (refusal) => {
        if (refusal.status !== 410) return false;
        onGone(refusal.message);
        return true;
      },
    );
  };

  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Typography sx={{ mb: 2 }}>
        For <strong>{info.displayName}</strong> ({info.username}). The link works once, until{' '}
        {new Date(info.expiresAt).toLocaleTimeString()}.
      </Typography>
      <Stack spacing={2}>
        <NewPasswordControls pair={pair} busy={busy} problem={problem} name="reset" submitLabel="Set new password" autoFocus />
      </Stack>
    </Box>
  );
};
