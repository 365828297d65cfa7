import ReplayIcon from '@mui/icons-material/Replay';
import { useState } from 'react';
import { Button, Confirm, useNotify, useRefresh } from 'react-admin';
import { errorMessage, postJson } from '../httpClient';

/** After an outage: queue every failed email again with one click (confirmed, audited by the API). */
export const RetryAllFailedButton = () => {
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const retryAll = async () => {
    setOpen(false);
    setBusy(true);
    try {
      const { retried } = await postJson<{ retried: number }>('/notifications/retry-failed');
      notify(
        retried === 0 ? 'No failed notifications to retry' : `${retried} failed notification${retried === 1 ? '' : 's'} queued again`,
        {
          type: retried === 0 ? 'info' : 'success',
        },
      );
      refresh();
    } catch (error) {
      notify(errorMessage(error, 'Retry failed'), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button label="Retry all failed" onClick={() => setOpen(true)} disabled={busy} startIcon={<ReplayIcon />} />
      <Confirm
        isOpen={open}
        title="Retry every failed notification?"
        content="Every email and chat message that failed is queued again and retried on the usual schedule. Use it once the mail server is back."
        confirm="Retry all"
        onConfirm={retryAll}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
