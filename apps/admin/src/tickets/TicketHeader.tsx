import { Alert, Box, Card, CardContent, Chip, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useGetOne, useRecordContext } from 'react-admin';
import type { AccountDetail, ShownTicket } from '../api/types';
import { AccountStatusChip, daysUntilExpiry, expiryPhrase } from '../accounts/AccountStatusField';
import { maskEmail } from '../shared/maskEmail';
import { TicketStatusField } from './TicketStatusField';

/** "expires in 12 days", "expires today", "expired 3 days ago". */
function expiryText(at: string | null | undefined): string {
  if (!at) return 'never expires';
  const days = daysUntilExpiry(at);
  return `${days < 0 ? 'expired' : 'expires'} ${expiryPhrase(days)}`;
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
          {account && <AccountStatusChip status={account.status} data-testid="header-account-status" />}
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
        {(ticket.callbackPhone || ticket.callbackEmail) && (
          <Alert severity="info" variant="outlined" sx={{ mt: 1, py: 0 }} data-testid="ticket-callback">
            Asked to be answered on <strong>{[ticket.callbackPhone, ticket.callbackEmail].filter(Boolean).join(' or ')}</strong> — given on
            the portal, not verified. Verify the caller with a code as always; if in doubt, call the number on file.
          </Alert>
        )}
        {ticket.description && (
          <Typography variant="body2" sx={{ mt: 1, whiteSpace: 'pre-wrap' }}>
            {ticket.description}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
};
