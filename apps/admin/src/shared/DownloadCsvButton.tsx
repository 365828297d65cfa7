import DownloadIcon from '@mui/icons-material/Download';
import { useState } from 'react';
import { Button, useNotify } from 'react-admin';
import { downloadCsv } from './downloadCsv';

interface DownloadCsvButtonProps {
  /** API path of the CSV, e.g. `/stats/export?from=…`. */
  path: string;
  fallbackName: string;
  /** What the rows are, for the notice: "Exported 120 events". */
  rowsNoun: string;
}

/** "Export CSV": downloads a CSV the API builds (and audits), with a notice of how many rows came. */
export const DownloadCsvButton = ({ path, fallbackName, rowsNoun }: DownloadCsvButtonProps) => {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const rows = await downloadCsv(path, fallbackName);
      notify(`Exported ${rows ?? ''} ${rowsNoun}`, { type: 'success' });
    } catch (failure) {
      notify(failure instanceof Error ? failure.message : 'Export failed', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return <Button label="Export CSV" onClick={download} disabled={busy} startIcon={<DownloadIcon />} />;
};
