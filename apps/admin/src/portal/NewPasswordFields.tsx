import { TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { HolderPasswordVerdict } from '../api/types';
import { ChecklistView } from '../shared/PasswordChecklist';

export interface PasswordPair {
  password: string;
  setPassword(value: string): void;
  confirm: string;
  setConfirm(value: string): void;
  /** The server's verdict on exactly `password` (never one for an earlier keystroke). */
  check?: HolderPasswordVerdict;
  /** The check token ran out or the password changed meanwhile: the API's words for it. */
  expired?: string;
  /** The policy passes and both entries agree. */
  ready: boolean;
  /** Forget both entries (after a success, nothing typed stays in the page). */
  clear(): void;
}

interface Verdict {
  password: string;
  check: HolderPasswordVerdict;
}

/**
 * Asks the server, shortly after each keystroke, which of this account's
 * rules the password passes: the same judgement the change will make, its
 * history included. A verdict counts only for the text it was given.
 */
function useHolderPasswordCheck(password: string, checkToken: string) {
  const [verdict, setVerdict] = useState<Verdict>();
  const [expired, setExpired] = useState<string>();
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch('/api/self-service/password-check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ checkToken, password }),
        credentials: 'omit',
        signal: controller.signal,
      })
        .then(async (response) => {
          const body = await response.json();
          if (response.ok) setVerdict({ password, check: body as HolderPasswordVerdict });
          else if (response.status === 410) setExpired(body.message);
        })
        .catch(() => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [password, checkToken]);
  return { check: verdict?.password === password ? verdict.check : undefined, expired };
}

/** A new password typed twice, checked live against the account's own rules. */
export function usePasswordPair(checkToken: string): PasswordPair {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { check, expired } = useHolderPasswordCheck(password, checkToken);
  return {
    password,
    setPassword,
    confirm,
    setConfirm,
    check,
    expired,
    ready: !!check?.passed && password === confirm,
    clear: () => {
      setPassword('');
      setConfirm('');
    },
  };
}

/** Why the submit button is not available yet, in the holder's words; undefined once it is. */
export function passwordPairBlocker(pair: PasswordPair): string | undefined {
  if (pair.expired) return pair.expired;
  if (!pair.password) return 'Type a new password';
  if (!pair.check) return 'Checking the new password…';
  if (!pair.check.passed) return 'The new password does not meet every rule above yet';
  if (pair.confirm !== pair.password) return 'Type the same new password in both fields';
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
      {pair.check && (
        <ChecklistView
          passed={pair.check.passed}
          rules={pair.check.rules}
          heading={pair.check.passed ? 'Meets every rule' : 'Rules for your new password'}
          note={pair.check.directory ? DIRECTORY_NOTE : undefined}
        />
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
