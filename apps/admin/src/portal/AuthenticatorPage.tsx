import { Alert, Box, Button, Card, CardContent, Stack, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import type { AuthenticatorEnrollment, AuthenticatorState } from '../api/types';
import { ConfirmCodeControls } from './ConfirmCodeControls';
import { CurrentCredentialsFields, useCurrentCredentials } from './CurrentCredentialsFields';
import { SubmitBlocker } from './NewPasswordFields';
import { portalPost, usePortalSubmit } from './portalApi';

type Step = { kind: 'prove' } | { kind: 'scan'; enrollment: AuthenticatorEnrollment } | { kind: 'done'; text: string };

/**
 * Set up an authenticator app (or remove it): the holder proves who they are with their current password, scans
 * the QR code and confirms the code the app shows. Support then verifies a caller by that app's current code,
 * which a mailbox someone else got into cannot give them.
 */
export const AuthenticatorPage = () => {
  const [step, setStep] = useState<Step>({ kind: 'prove' });
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Authenticator app
        </Typography>
        {step.kind === 'done' ? (
          <Alert severity="success" data-testid="authenticator-done">
            {step.text} A confirmation email is on its way. <RouterLink to="/">Back to account help</RouterLink>
          </Alert>
        ) : step.kind === 'scan' ? (
          <ScanStep
            enrollment={step.enrollment}
            onDone={() =>
              setStep({ kind: 'done', text: 'Your authenticator app is set up: support may ask you for its code when you call.' })
            }
            onRestart={() => setStep({ kind: 'prove' })}
          />
        ) : (
          <ProveStep
            onEnrollment={(enrollment) => setStep({ kind: 'scan', enrollment })}
            onRemoved={() => setStep({ kind: 'done', text: 'The authenticator app was removed from your account.' })}
          />
        )}
      </CardContent>
    </Card>
  );
};

const ProveStep = ({ onEnrollment, onRemoved }: { onEnrollment(enrollment: AuthenticatorEnrollment): void; onRemoved(): void }) => {
  const credentials = useCurrentCredentials();
  const { busy, problem, run } = usePortalSubmit();
  const { missing } = credentials;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (missing) return;
    await run(async () =>
      onEnrollment(await portalPost<AuthenticatorEnrollment>('/self-service/authenticator/enroll', credentials.body())),
    );
  };
  const remove = () =>
    run(async () => {
      await portalPost<AuthenticatorState>('/self-service/authenticator/remove', credentials.body());
      onRemoved();
    });

  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        With an app such as Google Authenticator, Microsoft Authenticator or FreeOTP on your phone, support can check that a caller is you
        by the code the app shows. First confirm who you are with your current password.
      </Typography>
      <Stack spacing={2}>
        <CurrentCredentialsFields credentials={credentials} />
        {problem && (
          <Alert severity="error" data-testid="authenticator-problem">
            {problem}
          </Alert>
        )}
        <Button
          type="submit"
          variant="contained"
          size="large"
          disabled={busy || !!missing}
          aria-describedby={missing ? 'prove-blocker' : undefined}
        >
          Set up the app
        </Button>
        <Button variant="text" onClick={remove} disabled={busy || !!missing}>
          Remove my authenticator app instead
        </Button>
        <SubmitBlocker id="prove-blocker" reason={busy ? undefined : missing} />
      </Stack>
    </Box>
  );
};

const ScanStep = ({ enrollment, onDone, onRestart }: { enrollment: AuthenticatorEnrollment; onDone(): void; onRestart(): void }) => {
  const [code, setCode] = useState('');
  const [lapsed, setLapsed] = useState(false);
  const { busy, problem, run } = usePortalSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (code.length !== 6) return;
    await run(
      async () => {
        await portalPost<AuthenticatorState>('/self-service/authenticator/confirm', { enrollmentToken: enrollment.enrollmentToken, code });
        onDone();
      },
      (error) => {
        // Expired, replaced or five wrong codes: this QR code is dead; the message says why.
        if (error.status === 410) setLapsed(true);
        return false;
      },
    );
  };

  return (
    <Box component="form" onSubmit={submit} noValidate>
      {enrollment.replacing && (
        <Alert severity="info" sx={{ mb: 2 }}>
          An app is set up already: once you confirm this one, the old one stops working.
        </Alert>
      )}
      <Typography sx={{ mb: 1 }}>1. Scan this QR code with your authenticator app.</Typography>
      <Box
        component="img"
        src={enrollment.qrCode}
        alt={`QR code for ${enrollment.username}`}
        sx={{ width: 200, height: 200, display: 'block', mb: 1 }}
      />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Cannot scan? Type this key into the app instead:{' '}
        <Box component="span" data-testid="authenticator-secret" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
          {enrollment.secret.replace(/(.{4})/g, '$1 ').trim()}
        </Box>
      </Typography>
      <Typography sx={{ mb: 1 }}>2. Type the 6-digit code the app shows for {enrollment.username}.</Typography>
      <ConfirmCodeControls
        label="Code from the app"
        testId="authenticator"
        code={code}
        onCode={setCode}
        lapsed={lapsed}
        busy={busy}
        problem={problem}
        onRestart={onRestart}
      />
    </Box>
  );
};
