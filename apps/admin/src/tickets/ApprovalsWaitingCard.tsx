import { Button, Card, CardContent, List, ListItemButton, ListItemText, Typography } from '@mui/material';
import { useGetIdentity, useGetList } from 'react-admin';
import { Link } from 'react-router-dom';
import { listLink } from '../shared/listLink';
import type { Ticket } from '../api/types';

const AWAITING = { awaitingApproval: true };

/**
 * What a supervisor is waited on for: verified tickets of privileged accounts whose agent asked for
 * approval, oldest request first (it runs out with the caller's verification). Shown above the figures.
 */
export const ApprovalsWaitingCard = () => {
  const { identity } = useGetIdentity();
  const { data, total, isPending } = useGetList<Ticket>(
    'tickets',
    { filter: AWAITING, pagination: { page: 1, perPage: 8 }, sort: { field: 'updatedAt', order: 'ASC' } },
    // Supervisors get an email per request; a dashboard left open finds it within half a minute too.
    { refetchInterval: 30_000 },
  );
  if (isPending || !total) return null;
  return (
    <Card variant="outlined" data-testid="approvals-waiting" sx={{ maxWidth: 900, borderColor: 'warning.main' }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Waiting for your approval ({total})
        </Typography>
        <List dense disablePadding>
          {(data ?? []).map((ticket) => (
            <ListItemButton key={ticket.id} component={Link} to={`/tickets/${ticket.id}/show`}>
              <ListItemText
                primary={`#${ticket.id} reset of ${ticket.accountDisplayName} (${ticket.accountUsername})`}
                secondary={
                  `asked by ${ticket.approvalRequestedByName} at ${new Date(ticket.approvalRequestedAt!).toLocaleTimeString()}` +
                  ` · verified until ${new Date(ticket.verifiedUntil!).toLocaleTimeString()}` +
                  (ticket.assigneeId === identity?.id ? ' · you work this ticket: another supervisor must approve' : '')
                }
              />
            </ListItemButton>
          ))}
        </List>
        {total > (data ?? []).length && (
          <Button component={Link} to={listLink('tickets', AWAITING)} size="small">
            All {total}
          </Button>
        )}
      </CardContent>
    </Card>
  );
};
