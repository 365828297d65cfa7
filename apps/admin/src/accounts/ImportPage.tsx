import DownloadIcon from '@mui/icons-material/Download';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  LinearProgress,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { ChangeEvent, useState } from 'react';
import { Confirm, Title, useNotify } from 'react-admin';
import { ensureAccessToken } from '../authSession';
import { csvLine, downloadCsv, saveFile } from '../shared/downloadCsv';

interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  failed: number;
  errors: Array<{ row: number; column: string | null; reason: string; values: Record<string, string> }>;
  errorsTruncated: boolean;
  fileSha256?: string;
  managersLinked: number;
  managerProblems: Array<{ row: number; manager: string; reason: string }>;
}

const COLUMNS = [
  'username',
  'email',
  'display_name',
  'chat_id',
  'personal_email',
  'phone',
  'manager',
  'privileged',
  'policy',
  'password_changed_at',
];

async function upload(file: File, query: string): Promise<ImportReport> {
  const token = await ensureAccessToken();
  const form = new FormData();
  form.append('file', file);
  const response = await fetch(`/api/accounts/import?${query}`, {
    method: 'POST',
    body: form,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message ?? `Import failed (${response.status})`);
  return body as ImportReport;
}

/** The rejected rows as the file gave them, with the problem beside each: to fix and import again. */
function saveRejectedRows(report: ImportReport, fileName: string): void {
  const lines = [csvLine([...COLUMNS, 'problem'])];
  for (const error of report.errors) {
    lines.push(csvLine([...COLUMNS.map((column) => error.values[column] ?? ''), `row ${error.row}: ${error.reason}`]));
  }
  saveFile(new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv' }), `rejected-${fileName.replace(/\.csv$/i, '')}.csv`);
}

/**
 * Upload a directory CSV in two steps: check it (a dry run: nothing written), then import exactly that file — the
 * API refuses an import that does not name the file's fingerprint, which the dry run answers. Rejected rows come back
 * as a file to fix and import again (its `problem` column is ignored then).
 */
export const ImportPage = () => {
  const notify = useNotify();
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState<'check' | 'import'>();
  const [checked, setChecked] = useState<ImportReport>();
  const [imported, setImported] = useState<ImportReport>();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string>();
  const step = imported ? 2 : checked ? 1 : 0;

  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    setChecked(undefined);
    setImported(undefined);
    setError(undefined);
  };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setError(undefined);
    try {
      if (dryRun) setChecked(await upload(file, 'dryRun=true'));
      else {
        const result = await upload(file, `confirm=${checked!.fileSha256}`);
        setImported(result);
        notify(`Imported ${file.name}: ${result.created} accounts created, ${result.updated} updated, ${result.failed} rows rejected`, {
          type: result.failed ? 'warning' : 'success',
        });
      }
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Import failed');
    } finally {
      setBusy(undefined);
    }
  };

  const report = imported ?? checked;
  return (
    <Box sx={{ p: 2, maxWidth: 1000 }}>
      <Title title="Import accounts" />
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h6" component="h2" gutterBottom>
            Import accounts from CSV
          </Typography>
          <Typography variant="body2" color="text.secondary" gutterBottom>
            Columns: <code>{COLUMNS.join(',')}</code> (the first three required). Accounts are matched by username: new ones are created,
            existing ones updated. Passwords are never imported.
          </Typography>
          <Button
            size="small"
            startIcon={<DownloadIcon />}
            onClick={() =>
              downloadCsv('/accounts/import/template', 'accounts-import-template.csv').catch((failure: Error) => setError(failure.message))
            }
          >
            Download the CSV template
          </Button>
          <Stepper activeStep={step} sx={{ my: 2 }}>
            <Step>
              <StepLabel>Choose and check the file</StepLabel>
            </Step>
            <Step>
              <StepLabel>Import it</StepLabel>
            </Step>
          </Stepper>
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Button variant="outlined" component="label" startIcon={<UploadFileIcon />}>
              Choose file
              <input
                hidden
                type="file"
                accept=".csv,text/csv"
                data-testid="import-file"
                onChange={(event: ChangeEvent<HTMLInputElement>) => choose(event.target.files?.[0])}
              />
            </Button>
            <Typography>{file ? `${file.name} (${Math.ceil(file.size / 1024)} kB)` : 'No file chosen'}</Typography>
          </Stack>
          <Stack direction="row" spacing={2} sx={{ mt: 2, alignItems: 'center' }}>
            <Button variant={checked ? 'outlined' : 'contained'} disabled={!file || !!busy || !!imported} onClick={() => run(true)}>
              Check (dry run)
            </Button>
            <Button
              variant="contained"
              disabled={!checked || !!busy || !!imported || checked.created + checked.updated === 0}
              onClick={() => setAsking(true)}
              aria-describedby="import-why"
            >
              {checked ? `Import ${checked.created + checked.updated} accounts` : 'Import'}
            </Button>
            {!checked && (
              <Typography id="import-why" variant="body2" color="text.secondary">
                {file ? 'Check the file first: nothing is written until you have seen what it would do.' : 'Choose a CSV file.'}
              </Typography>
            )}
          </Stack>
          {busy && <LinearProgress sx={{ mt: 2 }} data-testid="import-progress" />}
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </CardContent>
      </Card>
      <Confirm
        isOpen={asking}
        title={`Import ${file?.name ?? 'the file'}?`}
        content={
          checked
            ? `This creates ${checked.created} accounts and updates ${checked.updated}.` +
              (checked.failed ? ` ${checked.failed} rejected rows are skipped.` : '')
            : ''
        }
        confirm="Import"
        onConfirm={() => {
          setAsking(false);
          void run(false);
        }}
        onClose={() => setAsking(false)}
      />
      {report && (
        <Card variant="outlined" sx={{ mt: 2 }} data-testid="import-report">
          <CardContent>
            <Typography variant="h6" component="h2">
              {report.dryRun ? 'Checked: nothing was written yet' : 'Import finished'}
            </Typography>
            <Typography data-testid="import-summary">
              {report.rows} rows · {report.dryRun ? 'would create' : 'created'} {report.created} ·{' '}
              {report.dryRun ? 'would update' : 'updated'} {report.updated} · rejected {report.failed}
              {report.managersLinked > 0 ? ` · managers set ${report.managersLinked}` : ''}
            </Typography>
            {report.managerProblems.length > 0 && (
              <Alert severity="warning" sx={{ mt: 1 }} data-testid="import-manager-problems">
                {report.managerProblems.length} row(s) {report.dryRun ? 'would be' : 'were'} imported without their manager:{' '}
                {report.managerProblems
                  .slice(0, 5)
                  .map((problem) => problem.reason)
                  .join('; ')}
                {report.managerProblems.length > 5 ? '; …' : ''}
              </Alert>
            )}
            {report.errors.length > 0 && (
              <>
                <Button
                  size="small"
                  startIcon={<DownloadIcon />}
                  sx={{ mt: 1 }}
                  onClick={() => saveRejectedRows(report, file?.name ?? 'import.csv')}
                >
                  Download the {report.errors.length} rejected rows to fix
                </Button>
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
              </>
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
