import { LoadedConfig, OperatorInput } from '@resetdesk/core';

export interface CliCommand {
  name: string;
  usage: string;
  description: string;
  /** Resolves with a one-line summary for stdout; throws CliError (or any Error) to fail with exit code 1. */
  run(args: string[], config: LoadedConfig, input: OperatorInput): Promise<string>;
}

export class CliError extends Error {
  /** What the command found before failing, for stdout (a check's report); the message still goes to stderr. */
  constructor(
    message: string,
    readonly output?: string,
  ) {
    super(message);
  }
}
