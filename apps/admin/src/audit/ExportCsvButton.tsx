import DownloadIcon from '@mui/icons-material/Download';
import { useState } from 'react';
import { Button, useListContext, useNotify } from 'react-admin';
import { downloadCsv } from '../shared/downloadCsv';

/** Downloads the filtered trail as CSV (the server streams it and records the export). */
export const ExportCsvButton = () => {
  const { filterValues } = useListContext();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const rows = await downloadCsv(`/audit-events/export?filter=${encodeURIComponent(JSON.stringify(filterValues))}`, 'audit-events.csv');
      notify(`Exported ${rows ?? ''} events`, { type: 'success' });
    } catch (failure) {
      notify(failure instanceof Error ? failure.message : 'Export failed', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return <Button label="Export CSV" onClick={download} disabled={busy} startIcon={<DownloadIcon />} />;
};
