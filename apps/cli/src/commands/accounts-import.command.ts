import { AccountImportService } from '@resetdesk/accounts';
import { SYSTEM_ACTOR } from '@resetdesk/audit';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { CliCommand, CliError } from './command';
import { withApp } from './with-app';

export const accountsImportCommand: CliCommand = {
  name: 'accounts:import',
  usage: 'accounts:import <file.csv> [--dry-run]',
  description: 'upsert accounts by username from CSV; prints a per-row report; exits 1 if any row was rejected',
  async run(args) {
    const dryRun = args.includes('--dry-run');
    const files = args.filter((arg) => arg !== '--dry-run');
    if (files.length !== 1 || files[0]!.startsWith('--'))
      throw new CliError('Give exactly one CSV file: accounts:import <file.csv> [--dry-run]');
    const file = files[0]!;
    if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`No such file: ${file}`);

    const report = await withApp((app) =>
      app.get(AccountImportService).import(createReadStream(file), {
        dryRun,
        actor: { ...SYSTEM_ACTOR, label: 'CLI' },
        context: null,
        onProgress: (rows) => process.stderr.write(`\r${rows} rows…`),
      }),
    );
    process.stderr.write('\r');
    for (const error of report.errors)
      process.stderr.write(`row ${error.row}${error.column ? ` (${error.column})` : ''}: ${error.reason}\n`);
    if (report.errorsTruncated) process.stderr.write(`… and ${report.failed - report.errors.length} more rejected rows\n`);
    for (const problem of report.managerProblems) process.stderr.write(`row ${problem.row} (manager): ${problem.reason}\n`);
    const managers = report.managersLinked > 0 ? `, managers set ${report.managersLinked}` : '';
    const summary = `${dryRun ? 'Dry run: would create' : 'Created'} ${report.created}, ${dryRun ? 'would update' : 'updated'} ${report.updated}, rejected ${report.failed} of ${report.rows} rows${managers}`;
    if (report.failed > 0) throw new CliError(summary);
    return summary;
  },
};
