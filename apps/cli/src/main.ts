import 'reflect-metadata';
import { describeStartupError, loadConfigOrExit, operatorInput } from '@resetdesk/core';
import { CliCommand, CliError } from './commands/command';
import { migrateCommand, migrateRevertCommand, migrateStatusCommand } from './commands/migrate.command';
import { accountsImportCommand } from './commands/accounts-import.command';
import { auditVerifyCommand } from './commands/audit-verify.command';
import { chatSendCommand } from './commands/chat-send.command';
import { demoSeedCommand } from './commands/demo-seed.command';
import { demoAuthenticatorCodeCommand } from './commands/demo-authenticator-code.command';
import { directoryCheckCommand } from './commands/directory-check.command';
import { remindersRunCommand } from './commands/reminders-run.command';
import { directorySyncCommand } from './commands/directory-sync.command';
import { staffCreateCommand } from './commands/staff-create.command';

const commands: CliCommand[] = [
  migrateCommand,
  migrateRevertCommand,
  migrateStatusCommand,
  staffCreateCommand,
  accountsImportCommand,
  auditVerifyCommand,
  demoSeedCommand,
  demoAuthenticatorCodeCommand,
  chatSendCommand,
  remindersRunCommand,
  directorySyncCommand,
  directoryCheckCommand,
];

function usage(): string {
  return ['Usage: npm run cli -- <command> [options]', '', ...commands.map((c) => `  ${c.usage.padEnd(28)} ${c.description}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 1;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    process.stderr.write(`Unknown command "${name}". Run "npm run cli -- help" for the list.\n`);
    return 1;
  }
  const config = loadConfigOrExit();
  try {
    process.stdout.write(`${await command.run(args, config, operatorInput())}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CliError && error.output) process.stdout.write(`${error.output}\n`);
    process.stderr.write(`${name} failed: ${describeStartupError(error)}\n`);
    return 1;
  }
}

// main answers every failure with an exit code; anything else ends the process as an unhandled rejection.
void main(process.argv.slice(2)).then((code) => process.exit(code));
