import { Alert, Link as MuiLink, Stack } from '@mui/material';
import { Link } from 'react-router-dom';
import { useGetMany, useStore } from 'react-admin';
import type { Notification } from '../api/types';
import { NotificationStatusField } from './NotificationStatusField';
import { RecordContextProvider } from 'react-admin';

export const RETRIED_STORE_KEY = 'notifications.retried';

/**
 * The rows retried from this page, with their state as it changes: a retried row leaves a list filtered on
 * "failed" at once, and the supervisor still needs to see whether it went out this time.
 */
export const RetriedPanel = () => {
  const [retried, setRetried] = useStore<number[]>(RETRIED_STORE_KEY, []);
  const { data } = useGetMany<Notification>('notifications', { ids: retried }, { enabled: retried.length > 0, refetchInterval: 2000 });
  if (retried.length === 0 || !data?.length) return null;
  return (
    <Alert severity="info" sx={{ mb: 1 }} data-testid="retried-panel" onClose={() => setRetried([])}>
      Retried from here:
      <Stack spacing={0.5} sx={{ mt: 0.5 }}>
        {data.map((row) => (
          <Stack key={row.id} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <MuiLink component={Link} to={`/notifications/${row.id}/show`}>
              #{row.id} {row.recipient}
            </MuiLink>
            <RecordContextProvider value={row}>
              <NotificationStatusField />
            </RecordContextProvider>
          </Stack>
        ))}
      </Stack>
    </Alert>
  );
};
