import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';

const COLORS = { queued: 'info', sent: 'success', failed: 'error' } as const;

export const NotificationStatusField = (_props: { label?: string; source?: string; sortable?: boolean }) => {
  const record = useRecordContext<{ status: keyof typeof COLORS }>();
  if (!record) return null;
  return <Chip size="small" label={record.status} color={COLORS[record.status] ?? 'default'} data-testid="notification-status" />;
};
