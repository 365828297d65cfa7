import { TextField } from '@mui/material';
import { useState } from 'react';
import { ChecklistView, usePasswordCheck, type PasswordCheck, type PersonalInfo } from '../shared/PasswordChecklist';

export interface PasswordPair {
  password: string;
  setPassword(value: string): void;
  confirm: string;
  setConfirm(value: string): void;
  check?: PasswordCheck;
  /** The policy passes and both entries agree. */
  ready: boolean;
}

/** A new password typed twice, checked live against the policy. */
export function usePasswordPair(policyId?: number, person?: PersonalInfo): PasswordPair {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const check = usePasswordCheck(password, policyId, person);
  return { password, setPassword, confirm, setConfirm, check, ready: !!check?.passed && password === confirm };
}

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
      <ChecklistView check={pair.check} />
    </>
  );
};
