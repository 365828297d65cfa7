import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { Ticket, TicketChannel, TicketPriority, TicketStatus } from '../api/types';

// Typed against the API's enums, so a status, channel or priority added on the server fails the build here until it has a colour and a choice.
const COLORS: Record<TicketStatus, 'info' | 'warning' | 'success' | 'secondary' | 'default'> = {
  open: 'info',
  verifying: 'warning',
  verified: 'success',
  reset_sent: 'secondary',
  resolved: 'success',
  closed: 'default',
  cancelled: 'default',
};

export const TicketStatusField = (_props: { label?: string; sortBy?: string }) => {
  const record = useRecordContext<Pick<Ticket, 'status'> & Partial<Pick<Ticket, 'approvalRequestedAt'>>>();
  if (!record) return null;
  // A verified ticket whose agent asked supervisors: what it waits for is the approval, not the agent.
  if (record.status === 'verified' && record.approvalRequestedAt)
    return <Chip size="small" label="awaiting approval" color="warning" data-testid="ticket-status" />;
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

export const STATUS_CHOICES = Object.keys(COLORS).map((status) => ({ id: status, name: status.replace('_', ' ') }));
const CHANNELS: Record<TicketChannel, true> = { phone: true, portal: true, email: true, chat: true };
const PRIORITIES: Record<TicketPriority, true> = { low: true, normal: true, high: true, urgent: true };
export const CHANNEL_CHOICES = Object.keys(CHANNELS).map((channel) => ({ id: channel, name: channel }));
export const PRIORITY_CHOICES = Object.keys(PRIORITIES).map((priority) => ({ id: priority, name: priority }));
