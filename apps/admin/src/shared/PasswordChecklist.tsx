import CheckIcon from '@mui/icons-material/CheckCircle';
import CloseIcon from '@mui/icons-material/Cancel';
import { List, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { PasswordCheck as ApiPasswordCheck } from '../api/types';

export type PasswordCheck = Pick<ApiPasswordCheck, 'policyName' | 'passed' | 'rules'>;

export interface PersonalInfo {
  username?: string;
  email?: string;
  displayName?: string;
}

/** Asks the server which rules a password passes, shortly after each keystroke (the server owns the rules and the blocklist). */
export function usePasswordCheck(password: string, policyId?: number, person: PersonalInfo = {}) {
  const { username, email, displayName } = person;
  const [check, setCheck] = useState<PasswordCheck>();
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch('/api/password-policies/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          password,
          ...(policyId ? { policyId } : {}),
          ...(username ? { username } : {}),
          ...(email ? { email } : {}),
          ...(displayName ? { displayName } : {}),
        }),
        signal: controller.signal,
      })
        .then(async (response) => (response.ok ? setCheck((await response.json()) as PasswordCheck) : undefined))
        .catch(() => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [password, policyId, username, email, displayName]);
  return check;
}

/** The live checklist: one line per rule, ticked or crossed. */
export const PasswordChecklist = ({ password, policyId, person }: { password: string; policyId?: number; person?: PersonalInfo }) => (
  <ChecklistView check={usePasswordCheck(password, policyId, person)} />
);

/** The checklist for a check the page already has (it also uses the verdict, e.g. to enable a button). */
export const ChecklistView = ({ check }: { check?: PasswordCheck }) => {
  if (!check) return null;
  return (
    <div data-testid="password-checklist">
      <Typography variant="body2" color={check.passed ? 'success.main' : 'text.secondary'}>
        {check.passed ? `Meets the "${check.policyName}" policy` : `"${check.policyName}" policy`}
      </Typography>
      <List dense disablePadding>
        {check.rules.map((rule) => (
          <ListItem key={rule.code} disableGutters data-testid={`rule-${rule.code}`} data-passed={rule.passed}>
            <ListItemIcon sx={{ minWidth: 32 }}>
              {rule.passed ? <CheckIcon color="success" fontSize="small" /> : <CloseIcon color="error" fontSize="small" />}
            </ListItemIcon>
            <ListItemText primary={rule.message} />
          </ListItem>
        ))}
      </List>
    </div>
  );
};
