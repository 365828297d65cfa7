import DownloadIcon from '@mui/icons-material/Download';
import { useState } from 'react';
import { Button, useListContext, useNotify } from 'react-admin';
import { ensureAccessToken } from '../authSession';

/** Downloads the filtered trail as CSV (the server streams it and records the export). */
export const ExportCsvButton = () => {
  const { filterValues } = useListContext();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const token = await ensureAccessToken();
      const response = await fetch(`/api/audit-events/export?filter=${encodeURIComponent(JSON.stringify(filterValues))}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) throw new Error((await response.json().catch(() => ({}))).message ?? `Export failed (${response.status})`);
      const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'audit-events.csv';
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      URL.revokeObjectURL(url);
      notify(`Exported ${response.headers.get('X-Total-Count') ?? ''} events`, { type: 'success' });
    } catch (failure) {
      notify(failure instanceof Error ? failure.message : 'Export failed', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return <Button label="Export CSV" onClick={download} disabled={busy} startIcon={<DownloadIcon />} />;
};
