import {
  Box,
  Button as MuiButton,
  Card,
  CardContent,
  Chip,
  List as MuiList,
  ListItem,
  ListItemText,
  Stack,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Show, TopToolbar, useGetIdentity, useNotify, useRecordContext, useRefresh, useUpdate } from 'react-admin';
import { AUDIT_ACTION_LABELS, type AuditAction } from '@resetdesk/audit/audit.types';
import { errorMessage, getJson, postJson } from '../httpClient';
import type { ShownTicket, TicketStatus, TimelineEvent } from '../api/types';
import { ResetPanel } from './ResetPanel';
import { VerificationPanel } from './VerificationPanel';
import { TicketHeader } from './TicketHeader';
import { ChangeAccountDialog, ReasonDialog } from './TicketDialogs';
import { LiveState, useTicketLiveUpdates } from './useTicketLiveUpdates';

/** The button for each move; which moves a ticket offers comes from the API (allowedMoves). */
const MOVE_LABELS: Partial<Record<TicketStatus, string>> = {
  open: 'Reopen',
  resolved: 'Resolve',
  closed: 'Close',
  cancelled: 'Cancel',
};

const moveLabel = (ticket: ShownTicket, to: TicketStatus) =>
  to === 'open' && !ticket.finished ? 'Back to open' : (MOVE_LABELS[to] ?? to.replace('_', ' '));

const LIVE_LABELS: Record<LiveState, string> = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

/** Whether the page hears the ticket's changes as they happen; while it does not, it reloads every 30 s. */
const LiveIndicator = () => {
  const record = useRecordContext<ShownTicket>();
  const state = useTicketLiveUpdates(record?.id);
  return (
    <Chip
      size="small"
      data-testid="ticket-live"
      color={state === 'live' ? 'success' : 'default'}
      variant={state === 'live' ? 'filled' : 'outlined'}
      label={LIVE_LABELS[state]}
      title={state === 'live' ? 'This page updates by itself when the ticket changes' : 'Updates paused; the page reloads every 30 s'}
      sx={{ mr: 'auto' }}
    />
  );
};

/** Moves that must say why. */
const NEEDS_REASON: TicketStatus[] = ['cancelled', 'closed'];

const StatusActions = () => {
  const record = useRecordContext<ShownTicket>();
  const { identity } = useGetIdentity();
  const [update, { isPending }] = useUpdate();
  const notify = useNotify();
  const [asking, setAsking] = useState<TicketStatus | 'account' | null>(null);
  if (!record) return null;
  const accountChangeable = record.status === 'open' && (record.codes ?? []).length === 0;
  const onError = (error: unknown) => notify(errorMessage(error, 'That change is not allowed'), { type: 'error' });
  return (
    <TopToolbar>
      <LiveIndicator />
      {record.assigneeId !== identity?.id && identity && !record.finished && (
        <MuiButton
          size="small"
          variant="contained"
          disabled={isPending}
          onClick={() => update('tickets', { id: record.id, data: { assigneeId: identity.id }, previousData: record }, { onError })}
        >
          Take it
        </MuiButton>
      )}
      {accountChangeable && (
        <MuiButton size="small" onClick={() => setAsking('account')}>
          Change account
        </MuiButton>
      )}
      {record.allowedMoves.map((to) => (
        <MuiButton
          key={to}
          size="small"
          disabled={isPending}
          onClick={() =>
            NEEDS_REASON.includes(to)
              ? setAsking(to)
              : update('tickets', { id: record.id, data: { status: to }, previousData: record }, { onError })
          }
        >
          {moveLabel(record, to)}
        </MuiButton>
      ))}
      {asking === 'account' && <ChangeAccountDialog ticket={record} onClose={() => setAsking(null)} />}
      {asking && asking !== 'account' && (
        <ReasonDialog ticket={record} to={asking} label={moveLabel(record, asking)} onClose={() => setAsking(null)} />
      )}
    </TopToolbar>
  );
};

const Notes = () => {
  const record = useRecordContext<ShownTicket>();
  const [body, setBody] = useState('');
  const notify = useNotify();
  const refresh = useRefresh();
  const client = useQueryClient();
  if (!record) return null;
  const add = async () => {
    try {
      await postJson(`/tickets/${record.id}/notes`, { body });
      setBody('');
      refresh();
      await client.invalidateQueries({ queryKey: ['ticket-timeline', record.id] });
    } catch (failure) {
      notify(errorMessage(failure, 'Could not add the note'), { type: 'error' });
    }
  };
  return (
    <Card variant="outlined" sx={{ width: '100%' }}>
      <CardContent>
        <Typography variant="h6">Notes</Typography>
        <MuiList dense data-testid="ticket-notes">
          {(record.notes ?? []).map((note) => (
            <ListItem key={note.id} disableGutters>
              <ListItemText primary={note.body} secondary={`${note.authorName} · ${new Date(note.createdAt).toLocaleString()}`} />
            </ListItem>
          ))}
        </MuiList>
        <Stack direction="row" spacing={1}>
          <MuiTextField
            label="Add a note"
            value={body}
            onChange={(event) => setBody(event.target.value)}
            fullWidth
            size="small"
            multiline
          />
          <MuiButton variant="contained" onClick={add} disabled={!body.trim()}>
            Add
          </MuiButton>
        </Stack>
      </CardContent>
    </Card>
  );
};

/** "Status changed to resolved — Caller hung up": the action in words, with the facts a reader needs from its details. */
function describeEvent(event: TimelineEvent): string {
  const label = AUDIT_ACTION_LABELS[event.action as AuditAction] ?? event.action;
  const details = (event.details ?? {}) as { to?: unknown; reason?: unknown };
  const to = typeof details.to === 'string' ? details.to.replace('_', ' ') : null;
  // A person's reason (cancel, close, moved account); other events keep machine reasons in their details.
  const reason = event.action.startsWith('ticket.') && typeof details.reason === 'string' ? details.reason : null;
  return [event.action === 'ticket.status_changed' && to ? `${label} to ${to}` : label, reason].filter(Boolean).join(' — ');
}

/** Every audit event of the ticket: who did what, when. */
const Timeline = () => {
  const record = useRecordContext<ShownTicket>();
  const { data } = useQuery({
    // Any change to the ticket adds events: refetch when it was updated.
    queryKey: ['ticket-timeline', record?.id, record?.updatedAt],
    queryFn: () => getJson<TimelineEvent[]>(`/tickets/${record!.id}/timeline`),
    enabled: !!record,
  });
  return (
    <Card variant="outlined" sx={{ width: '100%' }}>
      <CardContent>
        <Typography variant="h6">Timeline</Typography>
        <MuiList dense data-testid="ticket-timeline">
          {(data ?? []).map((event) => (
            <ListItem key={event.id} disableGutters title={event.action}>
              <ListItemText
                primary={describeEvent(event)}
                secondary={`${new Date(event.occurredAt).toLocaleString()} · ${event.actorLabel ?? event.actorType}`}
              />
            </ListItem>
          ))}
        </MuiList>
      </CardContent>
    </Card>
  );
};

export const TicketShow = () => (
  <Show actions={<StatusActions />} title="Ticket">
    {/* A call's screen: who, then verify and reset side by side, then notes and the timeline below the fold. */}
    <Stack spacing={1.5} sx={{ p: 1.5 }}>
      <TicketHeader />
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) minmax(0, 1fr)' }, alignItems: 'start' }}>
        <VerificationPanel />
        <ResetPanel />
      </Box>
      <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', width: '100%' }}>
        <Box sx={{ flex: 1, minWidth: 320 }}>
          <Notes />
        </Box>
        <Box sx={{ flex: 1, minWidth: 320 }}>
          <Timeline />
        </Box>
      </Box>
    </Stack>
  </Show>
);
