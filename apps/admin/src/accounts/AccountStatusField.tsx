import { Chip, type ChipProps } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { Account } from '../api/types';

export const ACCOUNT_STATUS_COLORS = { active: 'success', expired: 'warning', locked: 'error', disabled: 'default' } as const;

/** An account's status as a coloured chip: the accounts list, the picker, the ticket's header. */
export const AccountStatusChip = ({ status, ...chip }: { status: Account['status'] } & Omit<ChipProps, 'label' | 'color'>) => (
  <Chip size="small" label={status} color={ACCOUNT_STATUS_COLORS[status]} {...chip} />
);

export const AccountStatusField = (_props: { label?: string; sortBy?: string }) => {
  const record = useRecordContext<Pick<Account, 'status'>>();
  if (!record) return null;
  return <AccountStatusChip status={record.status} data-testid="account-status" />;
};

/** Whole days until the password expires (negative once past). */
export function daysUntilExpiry(at: string): number {
  return Math.floor((new Date(at).getTime() - Date.now()) / 86_400_000);
}

/** "in 12 days", "today", "3 days ago". */
export function expiryPhrase(days: number): string {
  if (days > 0) return `in ${days} day${days === 1 ? '' : 's'}`;
  return days === 0 ? 'today' : `${-days} day${days === -1 ? '' : 's'} ago`;
}

/** "in 12 days", "today", "3 days ago" (red once past or within a week). */
export const ExpiryField = (_props: { label?: string; sortBy?: string }) => {
  const record = useRecordContext<{ passwordExpiresAt: string | null }>();
  if (!record) return null;
  if (!record.passwordExpiresAt) return <span>never</span>;
  const days = daysUntilExpiry(record.passwordExpiresAt);
  return (
    <span style={{ color: days <= 7 ? '#c62828' : undefined }} title={new Date(record.passwordExpiresAt).toLocaleString()}>
      {expiryPhrase(days)}
    </span>
  );
};
