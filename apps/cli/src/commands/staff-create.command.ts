import { createValidationPipe } from '@resetdesk/core';
import { CreateStaffDto, StaffService } from '@resetdesk/staff';
import { createInterface } from 'node:readline';
import { parseOptions } from './args';
import { CliCommand, CliError } from './command';
import { withApp } from './with-app';

/** Asks for the password without echoing it; only on a terminal. */
function promptPassword(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    output._writeToOutput = (text: string) => {
      if (text.startsWith(question)) process.stdout.write(question);
    };
  });
}

export const staffCreateCommand: CliCommand = {
  name: 'staff:create',
  usage: 'staff:create --email E --name N --role verifier|agent|supervisor|admin',
  description: 'add a staff member; password from RESETDESK_PASSWORD or a prompt (at least 12 characters)',
  async run(args, _config, input) {
    const options = parseOptions(args, ['email', 'name', 'role']);
    for (const required of ['email', 'name', 'role']) {
      if (!options[required]) throw new CliError(`--${required} is required`);
    }
    const password = input.password ?? (process.stdin.isTTY ? await promptPassword('Password: ') : undefined);
    if (!password) throw new CliError('Set RESETDESK_PASSWORD or run in a terminal to be asked for the password');

    let dto: CreateStaffDto;
    try {
      dto = await createValidationPipe().transform({ ...options, password }, { type: 'body', metatype: CreateStaffDto });
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error));
    }
    const created = await withApp((app) => app.get(StaffService).create(null, dto, null));
    return `Created ${created.role} ${created.email} (id ${created.id})`;
  },
};
