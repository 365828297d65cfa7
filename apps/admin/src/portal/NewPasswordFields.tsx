import { Alert, Button, Checkbox, FormControlLabel, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { HolderPasswordVerdict } from '../api/types';
import { ChecklistView } from '../shared/PasswordChecklist';

export interface PasswordPair {
  password: string;
  setPassword(value: string): void;
  confirm: string;
  setConfirm(value: string): void;
  /** The server's verdict on exactly what is typed now (never one for an earlier keystroke). */
  check?: HolderPasswordVerdict;
  /** The last verdict, shown greyed while the next one is on its way (so the list does not flicker). */
  shown?: HolderPasswordVerdict;
  /** The check token ran out, or its link, code or password no longer works: the API's words for it. */
  expired?: string;
  /** The check could not be made (limit, outage): the server still judges on submit. */
  unavailable?: string;
  /** Both entries agree and the server found nothing wrong with them (or could not check: it judges on submit). */
  ready: boolean;
  /** Forget both entries (after a success, nothing typed stays in the page). */
  clear(): void;
}

interface Verdict {
  key: string;
  check: HolderPasswordVerdict;
}

/**
 * Asks the server, shortly after each keystroke, which of this account's
 * rules the password passes: the same judgement the change will make. The
 * second entry goes along once it matches — only then is history answered.
 */
function useHolderPasswordCheck(password: string, confirm: string, checkToken: string) {
  const typedTwice = confirm === password;
  const key = `${typedTwice ? 1 : 0}:${password}`;
  const [verdict, setVerdict] = useState<Verdict>();
  const [expired, setExpired] = useState<string>();
  const [unavailable, setUnavailable] = useState<string>();
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch('/api/self-service/password-check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ checkToken, password, ...(typedTwice ? { confirmPassword: confirm } : {}) }),
        credentials: 'omit',
        signal: controller.signal,
      })
        .then(async (response) => {
          const body = await response.json().catch(() => ({}));
          if (response.ok) {
            setUnavailable(undefined);
            setVerdict({ key, check: body as HolderPasswordVerdict });
          } else if (response.status === 410) setExpired(body.message);
          else setUnavailable(typeof body.message === 'string' ? body.message : 'The rules could not be checked just now');
        })
        .catch((error: Error) => {
          if (error.name !== 'AbortError') setUnavailable('The rules could not be checked just now');
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `key` stands for the password and whether both entries agree; the confirmation's text matters only then.
  }, [key, checkToken]);
  return { check: verdict?.key === key ? verdict.check : undefined, shown: verdict?.check, expired, unavailable };
}

/** A new password typed twice, checked live against the account's own rules. */
export function usePasswordPair(checkToken: string): PasswordPair {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { check, shown, expired, unavailable } = useHolderPasswordCheck(password, confirm, checkToken);
  const agree = password.length > 0 && password === confirm;
  return {
    password,
    setPassword,
    confirm,
    setConfirm,
    check,
    shown,
    expired,
    unavailable,
    ready: !expired && agree && (check ? check.passed : !!unavailable),
    clear: () => {
      setPassword('');
      setConfirm('');
    },
  };
}

/** Calls `onExpired` once when the page's check token stops working (the page then starts its step again). */
export function useOnCheckExpired(pair: PasswordPair, onExpired: (message: string) => void) {
  useEffect(() => {
    if (pair.expired) onExpired(pair.expired);
    // Only the change of `expired` matters; the callback is the page's.
  }, [pair.expired]);
}

/** Why the submit button is not available yet, in the holder's words; undefined once it is. */
export function passwordPairBlocker(pair: PasswordPair): string | undefined {
  if (pair.expired) return pair.expired;
  if (!pair.password) return 'Type a new password';
  if (pair.check && !pair.check.passed) return 'The new password does not meet every rule above yet';
  if (pair.confirm !== pair.password) return 'Type the same new password in both fields';
  if (pair.unavailable && !pair.check) return undefined;
  if (!pair.check) return 'Checking the new password…';
  return undefined;
}

const DIRECTORY_NOTE = 'Your sign-in directory also checks the new password when you submit (for example, against its own history).';

/** The two fields and the live checklist; the page owns the "show passwords" switch and the submit button. */
export const NewPasswordFields = ({ pair, show, autoFocus = false }: { pair: PasswordPair; show: boolean; autoFocus?: boolean }) => {
  const mismatch = pair.confirm.length > 0 && pair.confirm !== pair.password;
  return (
    <>
      <TextField
        label="New password"
        type={show ? 'text' : 'password'}
        value={pair.password}
        onChange={(event) => pair.setPassword(event.target.value)}
        autoComplete="new-password"
        autoFocus={autoFocus}
        fullWidth
      />
      <TextField
        label="New password again"
        type={show ? 'text' : 'password'}
        value={pair.confirm}
        onChange={(event) => pair.setConfirm(event.target.value)}
        autoComplete="new-password"
        error={mismatch}
        helperText={mismatch ? 'Not the same as the first one' : ' '}
        fullWidth
      />
      {pair.shown && (
        <div style={{ opacity: pair.check ? 1 : 0.6 }} aria-busy={!pair.check}>
          <ChecklistView
            passed={pair.shown.passed}
            rules={pair.shown.rules}
            heading={
              pair.shown.passed && !pair.shown.rules.some((rule) => rule.pending) ? 'Meets every rule' : 'Rules for your new password'
            }
            note={[
              pair.shown.rules.some((rule) => rule.pending && !rule.message.endsWith('(checked when you submit)'))
                ? 'Your earlier passwords are checked once you have typed the new one twice.'
                : '',
              pair.shown.directory ? DIRECTORY_NOTE : '',
            ]
              .filter(Boolean)
              .join(' ')}
          />
        </div>
      )}
      {pair.unavailable && !pair.expired && (
        <Alert severity="info" data-testid="check-unavailable">
          {pair.unavailable}. You can still submit: the rules are checked then.
        </Alert>
      )}
    </>
  );
};

/** The sentence under a disabled submit button saying what is missing (the button points to it). */
export const SubmitBlocker = ({ id, reason }: { id: string; reason?: string }) =>
  reason ? (
    <Typography id={id} variant="body2" color="text.secondary" data-testid="submit-blocker" role="status">
      {reason}
    </Typography>
  ) : null;

/**
 * Everything below a portal page's own introduction: the two fields and the
 * checklist, the "show passwords" switch, the API's refusal, the submit
 * button and, while it is disabled, the sentence saying why. `name` prefixes
 * the test ids (`reset-problem`, `change-blocker`…).
 */
export const NewPasswordControls = ({
  pair,
  busy,
  problem,
  name,
  submitLabel,
  autoFocus = false,
}: {
  pair: PasswordPair;
  busy: boolean;
  problem?: string;
  name: string;
  submitLabel: string;
  autoFocus?: boolean;
}) => {
  const [show, setShow] = useState(false);
  const blocker = busy ? undefined : passwordPairBlocker(pair);
  return (
    <>
      <NewPasswordFields pair={pair} show={show} autoFocus={autoFocus} />
      <FormControlLabel control={<Checkbox checked={show} onChange={(event) => setShow(event.target.checked)} />} label="Show passwords" />
      {problem && (
        <Alert severity="error" data-testid={`${name}-problem`}>
          {problem}
        </Alert>
      )}
      <Button
        type="submit"
        variant="contained"
        size="large"
        disabled={busy || !pair.ready}
        aria-describedby={blocker ? `${name}-blocker` : undefined}
      >
        {submitLabel}
      </Button>
      <SubmitBlocker id={`${name}-blocker`} reason={blocker} />
    </>
  );
};
