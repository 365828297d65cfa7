import { DirectorySyncService } from '@resetdesk/directory';
import { CliCommand, CliError } from './command';
import { withApp } from './with-app';
import { operatorText } from '@resetdesk/directory';

/** A sync on demand: after changing the directory settings, before the first schedule, in tests. */
export const directorySyncCommand: CliCommand = {
  name: 'directory:sync',
  usage: 'directory:sync [--full]',
  description: 'sync accounts from the directory now (incremental after a good run; --full reads every entry); exit code 1 when it fails',
  async run(args, config) {
    const unknown = args.filter((arg) => arg !== '--full');
    if (unknown.length > 0) throw new CliError(`Unknown option "${unknown[0]}" (allowed: --full)`);
    if (config.directory.kind === 'local') throw new CliError('DIRECTORY_KIND is local: there is no directory to sync from');
    return withApp(async (app) => {
      // An operator runs this: the directory's own details (address, entry), not the sentence a holder would read.
      const summary = await app
        .get(DirectorySyncService)
        .run({ trigger: 'cli', mode: args.includes('--full') ? 'full' : undefined })
        .catch((error: unknown) => {
          throw new CliError(operatorText(error));
        });
      const conflicts = summary.namedConflicts.map((conflict) => `\n  not synced: ${conflict.dn}: ${conflict.reason}`).join('');
      return (
        `Directory sync ${summary.runId} (${summary.mode}): ${summary.seen} entries read of ${summary.present} in the directory, ${summary.created} created, ` +
        `${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.disabled} disabled (gone from the directory), ${summary.conflicts} conflicts (${summary.durationMs} ms)${conflicts}`
      );
    });
  },
};
