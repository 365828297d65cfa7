import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import type { PersonalEmailConfirmation, PersonalEmailState } from '../api/types';
import { ConfirmCodeControls } from './ConfirmCodeControls';
import { CurrentCredentialsFields, useCurrentCredentials } from './CurrentCredentialsFields';
import { SubmitBlocker } from './NewPasswordFields';
import { looksLikeEmail, portalPost, usePortalSubmit } from './portalApi';

type Step = { kind: 'prove' } | { kind: 'confirm'; confirmation: PersonalEmailConfirmation } | { kind: 'done'; text: string };

/**
 * Put a personal email on record (or take it off): the holder proves who they are with their current password,
 * then types the code sent to the new address. Support can then send a verification code to an address that does
 * not open with the account's password, for a caller locked out of the mailbox behind it.
 */
export const PersonalEmailPage = () => {
  const [step, setStep] = useState<Step>({ kind: 'prove' });
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h5" component="h1" gutterBottom>
          Personal email
        </Typography>
        {step.kind === 'done' ? (
          <Alert severity="success" data-testid="personal-email-done">
            {step.text} Your login email has been told. <RouterLink to="/">Back to account help</RouterLink>
          </Alert>
        ) : step.kind === 'confirm' ? (
          <ConfirmStep
            confirmation={step.confirmation}
            onDone={(address) =>
              setStep({ kind: 'done', text: `${address} is now your personal email: support may send a code there when you call.` })
            }
            onRestart={() => setStep({ kind: 'prove' })}
          />
        ) : (
          <ProveStep
            onSent={(confirmation) => setStep({ kind: 'confirm', confirmation })}
            onRemoved={() => setStep({ kind: 'done', text: 'The personal email was removed from your account.' })}
          />
        )}
      </CardContent>
    </Card>
  );
};

const ProveStep = ({ onSent, onRemoved }: { onSent(confirmation: PersonalEmailConfirmation): void; onRemoved(): void }) => {
  const credentials = useCurrentCredentials();
  const [address, setAddress] = useState('');
  const { busy, problem, run } = usePortalSubmit();
  const missing = credentials.missing ?? (!looksLikeEmail(address.trim()) ? 'Type the personal email address' : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (missing) return;
    await run(async () =>
      onSent(
        await portalPost<PersonalEmailConfirmation>('/self-service/personal-email/start', {
          ...credentials.body(),
          personalEmail: address.trim(),
        }),
      ),
    );
  };
  const remove = () =>
    run(async () => {
      await portalPost<PersonalEmailState>('/self-service/personal-email/remove', credentials.body());
      onRemoved();
    });

  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        An address of your own, outside this account (not your work mailbox), lets support check that a caller is you even when you cannot
        sign in. First confirm who you are with your current password; then we send a code to the new address.
      </Typography>
      <Stack spacing={2}>
        <CurrentCredentialsFields credentials={credentials} />
        <TextField
          label="Personal email"
          type="email"
          value={address}
          onChange={(event) => setAddress(event.target.value)}
          autoComplete="email"
          fullWidth
        />
        {problem && (
          <Alert severity="error" data-testid="personal-email-problem">
            {problem}
          </Alert>
        )}
        <Button
          type="submit"
          variant="contained"
          size="large"
          disabled={busy || !!missing}
          aria-describedby={missing ? 'personal-blocker' : undefined}
        >
          Send a code to this address
        </Button>
        <Button variant="text" onClick={remove} disabled={busy || !!credentials.missing}>
          Remove my personal email instead
        </Button>
        <SubmitBlocker id="personal-blocker" reason={busy ? undefined : missing} />
      </Stack>
    </Box>
  );
};

const ConfirmStep = ({
  confirmation,
  onDone,
  onRestart,
}: {
  confirmation: PersonalEmailConfirmation;
  onDone(address: string): void;
  onRestart(): void;
}) => {
  const [code, setCode] = useState('');
  const [lapsed, setLapsed] = useState(false);
  const { busy, problem, run } = usePortalSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (code.length !== 6) return;
    await run(
      async () => {
        const state = await portalPost<PersonalEmailState>('/self-service/personal-email/confirm', {
          confirmationToken: confirmation.confirmationToken,
          code,
        });
        onDone(state.personalEmail ?? confirmation.sentTo);
      },
      (error) => {
        // Expired, replaced or five wrong codes: this code is dead; the message says why.
        if (error.status === 410) setLapsed(true);
        return false;
      },
    );
  };

  return (
    <Box component="form" onSubmit={submit} noValidate>
      {confirmation.replacing && (
        <Alert severity="info" sx={{ mb: 2 }}>
          A personal email is on record already: once you confirm this one, it replaces the old one (which is told).
        </Alert>
      )}
      <Typography sx={{ mb: 2 }}>
        We sent a 6-digit code to <strong>{confirmation.sentTo}</strong>. It works for 10 minutes.
      </Typography>
      <ConfirmCodeControls
        label="Code from the email"
        testId="personal-email"
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
