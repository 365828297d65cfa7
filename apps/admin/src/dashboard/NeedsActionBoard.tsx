import { Box, Typography } from '@mui/material';
import { useGetList } from 'react-admin';
import { listLink } from '../shared/listLink';
import { StatCard } from './StatCard';

/**
 * How long a ticket may sit before it needs someone: a code lives 10 minutes, so a ticket still verifying after 15
 * has a caller who never read it back; a link lives 30 minutes and a temporary password is meant for the same call,
 * so two hours in "reset sent" means the holder never finished.
 */
export const STALE_AFTER_MINUTES = { verifying: 15, reset_sent: 120 } as const;

/** Refreshed this often, and so are the cut-offs: the board is left open on a screen. */
const REFRESH_MS = 30_000;

/**
 * One count from a list's total, as a card that opens that very list; an edge in `attention` colour while it is not
 * zero.
 */
const CountCard = ({
  id,
  title,
  caption,
  resource,
  filter,
  attention = 'warning.main',
}: {
  id: string;
  title: string;
  caption: string;
  resource: string;
  filter: Record<string, unknown>;
  attention?: string;
}) => {
  const { total = 0, isPending } = useGetList(
    resource,
    { filter, pagination: { page: 1, perPage: 1 }, sort: { field: 'id', order: 'ASC' } },
    { refetchInterval: REFRESH_MS },
  );
  return (
    <StatCard
      id={id}
      title={title}
      value={total}
      caption={caption}
      to={listLink(resource, filter)}
      loading={isPending}
      borderColor={total > 0 ? attention : undefined}
    />
  );
};

const minutesAgo = (minutes: number) => {
  // Whole minutes, so the filter (and the list's query key) stays the same for a minute between refreshes.
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  return new Date(now - minutes * 60_000).toISOString();
};

/** What needs a person now, before the figures of the range: approvals, stuck tickets, failed deliveries. */
export const NeedsActionBoard = () => {
  return (
    <Box component="section" aria-labelledby="needs-action-heading" data-testid="needs-action">
      <Typography variant="h5" component="h2" id="needs-action-heading" gutterBottom>
        Needs action now
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
        <CountCard
          id="now-awaiting-approval"
          title="Waiting for approval"
          caption="privileged resets a supervisor must approve"
          resource="tickets"
          filter={{ awaitingApproval: true }}
        />
        <CountCard
          id="now-stale-verifying"
          title={`Verifying over ${STALE_AFTER_MINUTES.verifying} min`}
          caption="a code was sent and never read back"
          resource="tickets"
          filter={{ status: 'verifying', updatedTo: minutesAgo(STALE_AFTER_MINUTES.verifying) }}
        />
        <CountCard
          id="now-stale-reset-sent"
          title={`Reset sent over ${STALE_AFTER_MINUTES.reset_sent / 60} h`}
          caption="the holder has not set a password"
          resource="tickets"
          filter={{ status: 'reset_sent', updatedTo: minutesAgo(STALE_AFTER_MINUTES.reset_sent) }}
        />
        <CountCard
          id="now-failed-deliveries"
          title="Failed deliveries"
          caption="emails and chat messages to retry or fix"
          resource="notifications"
          filter={{ status: 'failed' }}
          attention="error.main"
        />
      </Box>
    </Box>
  );
};
