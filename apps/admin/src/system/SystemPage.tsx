import RefreshIcon from '@mui/icons-material/Refresh';
import { Box, Card, CardContent, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Button, Title } from 'react-admin';
import { Link } from 'react-router-dom';
import { ChainBadge } from '../audit/ChainBadge';
import { getJson } from '../httpClient';
import { listLink } from '../shared/listLink';
import type { RedisMemory, SystemStatus } from '@resetdesk/system/system-status.types';
import { DirectoryCard } from './DirectoryCard';
import { ServiceCard } from './ServiceCard';
import { TestEmailForm } from './TestEmailForm';

const outboxLink = (status: string) => listLink('notifications', { status });

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** BullMQ needs noeviction; the headroom says how close Redis is to refusing new jobs. */
const RedisMemoryLine = ({ memory }: { memory: RedisMemory }) => (
  <Typography variant="caption" color="text.secondary" component="div" data-testid="redis-memory">
    maxmemory-policy {memory.policy} · {mebibytes(memory.usedBytes)} used
    {memory.maxBytes > 0
      ? ` of ${mebibytes(memory.maxBytes)} (${Math.round((1 - memory.usedBytes / memory.maxBytes) * 100)} % free)`
      : ', no maxmemory limit'}
    {' · '}
    {persistenceLabel(memory.persistence)}
  </Typography>
);

/** Without persistence a Redis restart empties the queues; ResetDesk re-queues from the database, but slower. */
function persistenceLabel({ aof, rdbSnapshots }: RedisMemory['persistence']): string {
  if (aof) return 'persistence: append-only file';
  if (rdbSnapshots === true) return 'persistence: RDB snapshots only';
  if (rdbSnapshots === 'unknown') return 'persistence: append-only file off, snapshots unknown';
  return 'persistence off: a restart empties the queues (re-queued from the database by the outbox sweep)';
}

export const SystemPage = () => {
  const { data, refetch, isFetching } = useQuery({
    queryKey: ['system-status'],
    queryFn: () => getJson<SystemStatus>('/system/status'),
    refetchInterval: 10_000,
  });

  return (
    <Box sx={{ p: 2 }}>
      <Title title="System" />
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography variant="h5">System</Typography>
          <ChainBadge />
        </Stack>
        <Button label="Refresh" onClick={() => refetch()} disabled={isFetching} startIcon={<RefreshIcon />} />
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <ServiceCard name="Database" state={data?.database} />
        <ServiceCard name="Redis" state={data?.redis}>
          {data?.redis.memory && <RedisMemoryLine memory={data.redis.memory} />}
        </ServiceCard>
        <ServiceCard name="SMTP" state={data?.smtp} />
      </Stack>
      <Box sx={{ mb: 2, display: 'flex' }}>
        {/* A refetch never rejects: a failure lands in the query's state, which the cards show. */}
        <DirectoryCard state={data?.directory} onSyncQueued={() => setTimeout(() => void refetch(), 1500)} />
      </Box>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <Stack spacing={2} sx={{ flex: 1 }}>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="h6" gutterBottom>
                Queues
              </Typography>
              <Table size="small" data-testid="queue-table">
                <TableHead>
                  <TableRow>
                    <TableCell>Queue</TableCell>
                    <TableCell align="right">Waiting</TableCell>
                    <TableCell align="right">Active</TableCell>
                    <TableCell align="right">Delayed</TableCell>
                    <TableCell align="right">Failed</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data?.queues.map((queue) => (
                    <TableRow key={queue.name}>
                      <TableCell>{queue.name}</TableCell>
                      <TableCell align="right">{queue.waiting}</TableCell>
                      <TableCell align="right">{queue.active}</TableCell>
                      <TableCell align="right">{queue.delayed}</TableCell>
                      <TableCell align="right">{queue.failed}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="h6" gutterBottom>
                Outbox
              </Typography>
              <Stack direction="row" spacing={3} data-testid="outbox-counts">
                {(['queued', 'sent', 'failed'] as const).map((status) => (
                  <Link key={status} to={outboxLink(status)} style={{ textDecoration: 'none', color: 'inherit' }}>
                    <Typography variant="h4" color={status === 'failed' && data?.outbox.failed ? 'error' : 'text.primary'}>
                      {data?.outbox[status] ?? '–'}
                    </Typography>
                    <Typography variant="body2" color="text.secondary">
                      {status}
                    </Typography>
                  </Link>
                ))}
              </Stack>
              {data && (
                <Typography variant="caption" color="text.secondary">
                  Checked {new Date(data.checkedAt).toLocaleString()}
                </Typography>
              )}
            </CardContent>
          </Card>
        </Stack>
        <Box sx={{ flex: 1 }}>
          <TestEmailForm onQueued={() => refetch()} />
        </Box>
      </Stack>
    </Box>
  );
};
