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

/** One count from a list's total: the card opens the very list it counted. */
const useCount = (resource: string, filter: Record<string, unknown>) => {
  const { total, isPending } = useGetList(
    resource,
    { filter, pagination: { page: 1, perPage: 1 }, sort: { field: 'id', order: 'ASC' } },
    { refetchInterval: REFRESH_MS },
  );
  return { total: total ?? 0, isPending };
};

const minutesAgo = (minutes: number) => {
  // Whole minutes, so the filter (and the list's query key) stays the same for a minute between refreshes.
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  return new Date(now - minutes * 60_000).toISOString();
};

/** What needs a person now, before the figures of the range: approvals, stuck tickets, failed deliveries. */
export const NeedsActionBoard = () => {
  const awaiting = { awaitingApproval: true };
  const verifying = { status: 'verifying', updatedTo: minutesAgo(STALE_AFTER_MINUTES.verifying) };
  const resetSent = { status: 'reset_sent', updatedTo: minutesAgo(STALE_AFTER_MINUTES.reset_sent) };
  const failed = { status: 'failed' };
  const counts = {
    awaiting: useCount('tickets', awaiting),
    verifying: useCount('tickets', verifying),
    resetSent: useCount('tickets', resetSent),
    failed: useCount('notifications', failed),
  };
  const attention = (total: number) => (total > 0 ? 'warning.main' : undefined);
  return (
    <Box component="section" aria-labelledby="needs-action-heading" data-testid="needs-action">
      <Typography variant="h5" component="h2" id="needs-action-heading" gutterBottom>
        Needs action now
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
        <StatCard
          id="now-awaiting-approval"
          title="Waiting for approval"
          value={counts.awaiting.total}
          caption="privileged resets a supervisor must approve"
          to={listLink('tickets', awaiting)}
          loading={counts.awaiting.isPending}
          borderColor={attention(counts.awaiting.total)}
        />
        <StatCard
          id="now-stale-verifying"
          title={`Verifying over ${STALE_AFTER_MINUTES.verifying} min`}
          value={counts.verifying.total}
          caption="a code was sent and never read back"
          to={listLink('tickets', verifying)}
          loading={counts.verifying.isPending}
          borderColor={attention(counts.verifying.total)}
        />
        <StatCard
          id="now-stale-reset-sent"
          title={`Reset sent over ${STALE_AFTER_MINUTES.reset_sent / 60} h`}
          value={counts.resetSent.total}
          caption="the holder has not set a password"
          to={listLink('tickets', resetSent)}
          loading={counts.resetSent.isPending}
          borderColor={attention(counts.resetSent.total)}
        />
        <StatCard
          id="now-failed-deliveries"
          title="Failed deliveries"
          value={counts.failed.total}
          caption="emails and chat messages to retry or fix"
          to={listLink('notifications', failed)}
          loading={counts.failed.isPending}
          borderColor={counts.failed.total > 0 ? 'error.main' : undefined}
        />
      </Box>
    </Box>
  );
};
