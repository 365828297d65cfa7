import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { ChangeEvent, useState } from 'react';
import { Title, useNotify } from 'react-admin';
import { ensureAccessToken } from '../authSession';

interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  failed: number;
  errors: Array<{ row: number; column: string | null; reason: string }>;
  errorsTruncated: boolean;
}

async function upload(file: File, dryRun: boolean): Promise<ImportReport> {
  const token = await ensureAccessToken();
  const form = new FormData();
  form.append('file', file);
  const response = await fetch(`/api/accounts/import?dryRun=${dryRun}`, {
    method: 'POST',
    body: form,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message ?? `Import failed (${response.status})`);
  return body as ImportReport;
}

/** Upload a directory CSV: check it first (dry run, nothing written), then import it. */
export const ImportPage = () => {
  const notify = useNotify();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState<'check' | 'import'>();
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<string>();

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setError(undefined);
    try {
      const result = await upload(file, dryRun);
      setReport(result);
      if (!dryRun)
        notify(`Imported: ${result.created} created, ${result.updated} updated, ${result.failed} rejected`, {
          type: result.failed ? 'warning' : 'success',
        });
    } catch (failure) {
      setReport(undefined);
      setError(failure instanceof Error ? failure.message : 'Import failed');
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Box sx={{ p: 2, maxWidth: 1000 }}>
      <Title title="Import accounts" />
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h6" gutterBottom>
            Import accounts from CSV
          </Typography>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            Columns: <code>username,email,display_name,chat_id,privileged,policy,password_changed_at</code> (the first three required).
            Accounts are matched by username: new ones are created, existing ones updated. Passwords are never imported.
          </Typography>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: 2 }}>
            <Button variant="outlined" component="label" startIcon={<UploadFileIcon />}>
              Choose file
              <input
                hidden
                type="file"
                accept=".csv,text/csv"
                data-testid="import-file"
                onChange={(event: ChangeEvent<HTMLInputElement>) => {
                  setFile(event.target.files?.[0]);
                  setReport(undefined);
                }}
              />
            </Button>
            <Typography>{file ? `${file.name} (${Math.ceil(file.size / 1024)} kB)` : 'No file chosen'}</Typography>
          </Stack>
          <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
            <Button variant="outlined" disabled={!file || !!busy} onClick={() => run(true)}>
              Check (dry run)
            </Button>
            <Button variant="contained" disabled={!file || !!busy} onClick={() => run(false)}>
              Import
            </Button>
          </Stack>
          {busy && <LinearProgress sx={{ mt: 2 }} data-testid="import-progress" />}
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </CardContent>
      </Card>
      {report && (
        <Card variant="outlined" sx={{ mt: 2 }} data-testid="import-report">
          <CardContent>
            <Typography variant="h6">{report.dryRun ? 'Dry run: nothing was written' : 'Import finished'}</Typography>
            <Typography data-testid="import-summary">
              {report.rows} rows · {report.dryRun ? 'would create' : 'created'} {report.created} ·{' '}
              {report.dryRun ? 'would update' : 'updated'} {report.updated} · rejected {report.failed}
            </Typography>
            {report.errors.length > 0 && (
              <Table size="small" sx={{ mt: 1 }}>
                <TableHead>
                  <TableRow>
                    <TableCell>Row</TableCell>
                    <TableCell>Column</TableCell>
                    <TableCell>Problem</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {report.errors.map((problem) => (
                    <TableRow key={`${problem.row}-${problem.column}`}>
                      <TableCell>{problem.row}</TableCell>
                      <TableCell>{problem.column ?? ''}</TableCell>
                      <TableCell>{problem.reason}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {report.errorsTruncated && (
              <Typography color="text.secondary">Only the first {report.errors.length} problems are listed.</Typography>
            )}
          </CardContent>
        </Card>
      )}
    </Box>
  );
};
