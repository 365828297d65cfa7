import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';

const COLORS = { active: 'success', expired: 'warning', locked: 'error', disabled: 'default' } as const;

export const AccountStatusField = (_props: { label?: string; sortBy?: string }) => {
  const record = useRecordContext<{ status: keyof typeof COLORS }>();
  if (!record) return null;
  return <Chip size="small" label={record.status} color={COLORS[record.status]} data-testid="account-status" />;
};

/** "in 12 days", "today", "3 days ago" (red once past or within a week). */
export const ExpiryField = (_props: { label?: string; sortBy?: string }) => {
  const record = useRecordContext<{ passwordExpiresAt: string | null }>();
  if (!record) return null;
  if (!record.passwordExpiresAt) return <span>never</span>;
  const days = Math.floor((new Date(record.passwordExpiresAt).getTime() - Date.now()) / 86_400_000);
  const text = days > 0 ? `in ${days} day${days === 1 ? '' : 's'}` : days === 0 ? 'today' : `${-days} day${days === -1 ? '' : 's'} ago`;
  return (
    <span style={{ color: days <= 7 ? '#c62828' : undefined }} title={new Date(record.passwordExpiresAt).toLocaleString()}>
      {text}
    </span>
  );
};
