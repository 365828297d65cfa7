import { INestApplicationContext } from '@nestjs/common';
import { DirectoryCheckItem, PASSWORD_DIRECTORY, PasswordDirectory } from '@resetdesk/directory';
import { parseOptions } from './args';
import { CliCommand, CliError } from './command';
import { withApp } from './with-app';

/** One line per finding: ✓ or ✗, the item's name padded so the messages line up, then what the directory said. */
export function checkReport(items: DirectoryCheckItem[]): { lines: string[]; failed: number } {
  const width = Math.max(0, ...items.map((item) => item.name.length));
  return {
    lines: items.map((item) => `${item.ok ? '✓' : '✗'} ${item.name.padEnd(width)}  ${item.message}`),
    failed: items.filter((item) => !item.ok).length,
  };
}

/** The store bound to PASSWORD_DIRECTORY, looked up loosely: whichever module provides the configured kind binds it. */
async function boundDirectory(app: INestApplicationContext, kind: string): Promise<PasswordDirectory> {
  try {
    const directory = app.get<typeof PASSWORD_DIRECTORY, PasswordDirectory | null>(PASSWORD_DIRECTORY, { strict: false });
    if (directory) return directory;
  } catch {
    // Not provided at all: said below.
  }
  throw new CliError(`No password directory is bound for DIRECTORY_KIND=${kind}`);
}

export const directoryCheckCommand: CliCommand = {
  name: 'directory:check',
  usage: 'directory:check',
  description:
    'check the connection, TLS, service account bind, base DN and a sample search of the configured directory; exits 1 when one fails',
  async run(args, config) {
    parseOptions(args, []);
    if (config.directory.kind === 'local')
      return "Passwords are kept locally in ResetDesk's own store (DIRECTORY_KIND=local): there is no directory to check";
    const items = await withApp(async (app) => {
      return (await boundDirectory(app, config.directory.kind)).check();
    });
    const { lines, failed } = checkReport(items);
    const report = [`Directory ${config.directory.url} (${config.directory.kind}):`, ...lines].join('\n');
    if (failed > 0) throw new CliError(`${failed} of ${items.length} directory checks failed`, report);
    return `${report}\nAll ${items.length} directory checks passed`;
  },
};
