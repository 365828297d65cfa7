import { Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useGetOne, useRecordContext } from 'react-admin';
import type { AccountDetail, ShownTicket } from '../api/types';
import { maskEmail } from '../shared/maskEmail';
import { TicketStatusField } from './TicketStatusField';

const ACCOUNT_STATUS_COLORS = { active: 'success', expired: 'warning', locked: 'error', disabled: 'default' } as const;

/** "in 12 days", "today", "3 days ago". */
function expiryText(at: string | null | undefined): string {
  if (!at) return 'never expires';
  const days = Math.floor((new Date(at).getTime() - Date.now()) / 86_400_000);
  if (days > 0) return `expires in ${days} day${days === 1 ? '' : 's'}`;
  return days === 0 ? 'expires today' : `expired ${-days} day${days === -1 ? '' : 's'} ago`;
}

/**
 * Who the call is about, first: the holder's name, username, status, privileged badge, policy and expiry, then the
 * ticket's own facts on one line — so that verification and reset fit below it on a 1366×768 screen.
 */
export const TicketHeader = () => {
  const ticket = useRecordContext<ShownTicket>();
  const { data: account } = useGetOne<AccountDetail>('accounts', { id: ticket?.accountId ?? 0 }, { enabled: !!ticket });
  if (!ticket) return null;
  return (
    <Card variant="outlined" sx={{ width: '100%' }} data-testid="ticket-header">
      <CardContent sx={{ pb: '12px !important' }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Typography variant="h5" component="h1">
            <Link to={`/accounts/${ticket.accountId}/show`} style={{ color: 'inherit' }}>
              {ticket.accountDisplayName}
            </Link>
          </Typography>
          <Typography color="text.secondary">{ticket.accountUsername}</Typography>
          {account && (
            <Chip size="small" label={account.status} color={ACCOUNT_STATUS_COLORS[account.status]} data-testid="header-account-status" />
          )}
          {ticket.accountPrivileged && <Chip size="small" label="privileged" color="secondary" />}
          {account && (
            <Typography variant="body2" color="text.secondary" data-testid="header-account-facts">
              {maskEmail(account.email)} · {account.policyName} policy · {expiryText(account.passwordExpiresAt)}
            </Typography>
          )}
        </Stack>
        <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap', mt: 1 }}>
          <Typography variant="body1" data-testid="ticket-title">
            <strong>#{ticket.id}</strong> {ticket.subject}
          </Typography>
          <TicketStatusField />
          <Typography variant="body2" color="text.secondary">
            {ticket.channel} · {ticket.priority} priority · {ticket.assigneeName ?? 'unassigned'} · opened{' '}
            {new Date(ticket.createdAt).toLocaleString()}
          </Typography>
        </Box>
        {ticket.description && (
          <Typography variant="body2" sx={{ mt: 1, whiteSpace: 'pre-wrap' }}>
            {ticket.description}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
};
