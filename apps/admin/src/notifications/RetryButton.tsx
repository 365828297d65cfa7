import ReplayIcon from '@mui/icons-material/Replay';
import { useState } from 'react';
import { Button, useNotify, useRecordContext, useRefresh, useStore } from 'react-admin';
import { RETRIED_STORE_KEY } from './RetriedPanel';
import { postJson } from '../httpClient';

/** Queues a failed email again; shown only on failed rows. */
export const RetryButton = () => {
  const record = useRecordContext<{ id: number; status: string }>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const [retried, setRetried] = useStore<number[]>(RETRIED_STORE_KEY, []);
  if (!record || record.status !== 'failed') return null;

  const retry = async (event: React.MouseEvent) => {
    event.stopPropagation();
    setBusy(true);
    try {
      await postJson(`/notifications/${record.id}/retry`);
      notify(`Notification #${record.id} queued again`, { type: 'success' });
      setRetried([...retried.filter((id) => id !== record.id), record.id].slice(-10));
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'Retry failed', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return <Button label="Retry" onClick={retry} disabled={busy} startIcon={<ReplayIcon />} />;
};
