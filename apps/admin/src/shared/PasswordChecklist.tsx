import CheckIcon from '@mui/icons-material/CheckCircle';
import CloseIcon from '@mui/icons-material/Cancel';
import PendingIcon from '@mui/icons-material/RadioButtonUnchecked';
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

/** The live checklist for staff: one line per rule of the named policy, ticked or crossed. */
export const PasswordChecklist = ({ password, policyId, person }: { password: string; policyId?: number; person?: PersonalInfo }) => {
  const check = usePasswordCheck(password, policyId, person);
  if (!check) return null;
  return (
    <ChecklistView
      passed={check.passed}
      rules={check.rules}
      heading={check.passed ? `Meets the "${check.policyName}" policy` : `"${check.policyName}" policy`}
    />
  );
};

/** Rules as a list: ticked, crossed, or open (a rule not decided until the others pass). */
export const ChecklistView = ({
  passed,
  rules,
  heading,
  note,
}: {
  passed: boolean;
  rules: Array<{ code: string; message: string; passed: boolean; pending?: boolean }>;
  heading: string;
  note?: string;
}) => (
  <div data-testid="password-checklist" data-passed={passed}>
    <Typography variant="body2" color={passed ? 'success.main' : 'text.secondary'}>
      {heading}
    </Typography>
    <List dense disablePadding>
      {rules.map((rule) => (
        <ListItem
          key={rule.code}
          disableGutters
          data-testid={`rule-${rule.code}`}
          data-passed={rule.passed}
          data-pending={rule.pending ?? false}
        >
          <ListItemIcon sx={{ minWidth: 32 }}>
            {rule.pending ? (
              <PendingIcon color="disabled" fontSize="small" titleAccess="checked once the other rules pass" />
            ) : rule.passed ? (
              <CheckIcon color="success" fontSize="small" titleAccess="passed" />
            ) : (
              <CloseIcon color="error" fontSize="small" titleAccess="not yet" />
            )}
          </ListItemIcon>
          <ListItemText primary={rule.message} />
        </ListItem>
      ))}
    </List>
    {note && (
      <Typography variant="caption" color="text.secondary" data-testid="password-checklist-note">
        {note}
      </Typography>
    )}
  </div>
);
