import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';

const COLORS = {
  open: 'info',
  verifying: 'warning',
  verified: 'success',
  reset_sent: 'secondary',
  resolved: 'success',
  closed: 'default',
  cancelled: 'default',
} as const;

export const TicketStatusField = (_props: { label?: string; sortBy?: string }) => {
  const record = useRecordContext<{ status: keyof typeof COLORS }>();
  if (!record) return null;
  return (
    <Chip
      size="small"
      label={record.status.replace('_', ' ')}
      color={COLORS[record.status]}
      variant={record.status === 'resolved' ? 'outlined' : 'filled'}
      data-testid="ticket-status"
    />
  );
};

/** Statuses that end a ticket's work (it can still be reopened). */
export const FINISHED_STATUSES = ['resolved', 'closed', 'cancelled'];

export const STATUS_CHOICES = Object.keys(COLORS).map((status) => ({ id: status, name: status.replace('_', ' ') }));
export const CHANNEL_CHOICES = ['phone', 'portal', 'email', 'chat'].map((channel) => ({ id: channel, name: channel }));
export const PRIORITY_CHOICES = ['low', 'normal', 'high', 'urgent'].map((priority) => ({ id: priority, name: priority }));
