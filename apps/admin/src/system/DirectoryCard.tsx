import SyncIcon from '@mui/icons-material/Sync';
import { Box, Button, Stack, Typography } from '@mui/material';
import type { DirectoryState, DirectorySyncState } from '@resetdesk/system/system-status.types';
import { useState, type ReactNode } from 'react';
import { useNotify, usePermissions } from 'react-admin';
import { hasRole, type Permissions } from '../authProvider';
import { errorMessage, postJson } from '../httpClient';
import { ServiceCard } from './ServiceCard';

const KIND_LABEL = { ldap: 'LDAP (OpenLDAP)', ad: 'Active Directory' } as const;
const TLS_LABEL = { ldaps: 'LDAPS', starttls: 'STARTTLS', none: 'none (clear text)' } as const;
const RUN_LABEL = { running: 'running', succeeded: 'succeeded', failed: 'failed' } as const;

/** Label and value pairs aligned in two columns. */
const Facts = ({ children, testId }: { children: ReactNode; testId: string }) => (
  <Box
    data-testid={testId}
    sx={{ flex: 1, display: 'grid', gridTemplateColumns: '110px 1fr', columnGap: 2, rowGap: 0.5, alignContent: 'start' }}
  >
    {children}
  </Box>
);

const Fact = ({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) => (
  <>
    <Typography variant="body2" color="text.secondary">
      {label}
    </Typography>
    <Typography variant="body2" component="div" data-testid={testId}>
      {children}
    </Typography>
  </>
);

/** The last run with its counts and error; the sync's own problem (failed, fallen behind) is the card's message. */
const SyncFacts = ({ sync }: { sync: DirectorySyncState }) => {
  const run = sync.lastRun;
  const counts = run?.counts;
  return (
    <Facts testId="directory-sync">
      <Fact label="Last sync" testId="directory-last-run">
        {run ? `${RUN_LABEL[run.status]} · ${run.mode} · ${new Date(run.finishedAt ?? run.startedAt).toLocaleString()}` : 'none yet'}
      </Fact>
      {counts && (
        <Fact label="Entries" testId="directory-sync-counts">
          {`${counts.seen} seen · ${counts.created} created · ${counts.updated} updated · ${counts.disabled} disabled${counts.conflicts ? ` · ${counts.conflicts} conflicts` : ''}`}
        </Fact>
      )}
      {run?.error && (
        <Fact label="Sync error" testId="directory-sync-error">
          <Box component="span" sx={{ color: 'error.main' }}>
            {run.error}
          </Box>
        </Fact>
      )}
      <Fact label="Last success" testId="directory-last-success">
        {sync.lastSucceededAt ? new Date(sync.lastSucceededAt).toLocaleString() : 'never'}
        <Box component="span" sx={{ color: 'text.secondary' }}>
          {` · schedule ${sync.schedule} (UTC)`}
        </Box>
      </Fact>
    </Facts>
  );
};

/** An admin asks the worker for a sync now (incremental after a good run), or a full one that also re-reads unchanged entries. */
const SyncButtons = ({ onQueued }: { onQueued: () => void }) => {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const request = async (mode?: 'full') => {
    setBusy(true);
    try {
      const queued = await postJson<{ alreadyQueued: boolean }>('/directory/sync', mode ? { mode } : {});
      notify(
        queued.alreadyQueued
          ? 'A sync is already queued or running; this request joins it'
          : 'Sync queued: the worker runs it now, and this card shows its counts when it ends',
        { type: 'info' },
      );
      onQueued();
    } catch (failure) {
      notify(errorMessage(failure, 'Could not queue the sync'), { type: 'warning' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
      <Button variant="outlined" size="small" startIcon={<SyncIcon />} onClick={() => request()} disabled={busy}>
        Sync now
      </Button>
      <Button
        size="small"
        onClick={() => request('full')}
        disabled={busy}
        title="Reads every entry again, not only those changed since the last run"
      >
        Full sync
      </Button>
    </Stack>
  );
};

/** Where passwords live: the directory's address, TLS and reachability, and its last sync; or the local store. */
export const DirectoryCard = ({ state, onSyncQueued = () => undefined }: { state?: DirectoryState; onSyncQueued?: () => void }) => {
  const { permissions } = usePermissions<Permissions>();
  return (
    <ServiceCard name="Directory" state={state}>
      {state?.kind === 'local' && (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="directory-local">
          Passwords are kept in ResetDesk's own store
        </Typography>
      )}
      {state && state.kind !== 'local' && (
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={4} sx={{ mt: 1.5 }}>
          <Facts testId="directory-connection">
            <Fact label="Kind">{KIND_LABEL[state.kind]}</Fact>
            <Fact label="Address" testId="directory-url">
              {state.url}
            </Fact>
            <Fact label="TLS" testId="directory-tls">
              {TLS_LABEL[state.tls]}
            </Fact>
            {/* The latency covers connection, TLS, the service account's bind and the base DN read. */}
            <Fact label="Reachable" testId="directory-reachable">
              {state.latencyMs !== undefined ? `yes · ${state.latencyMs} ms` : 'no'}
            </Fact>
          </Facts>
          <SyncFacts sync={state.sync} />
        </Stack>
      )}
      {state && state.kind !== 'local' && hasRole(permissions, 'admin') && <SyncButtons onQueued={onSyncQueued} />}
    </ServiceCard>
  );
};
