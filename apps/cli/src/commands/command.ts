import { OperatorInput, ResetDeskConfig } from '@resetdesk/core';

export interface CliCommand {
  name: string;
  usage: string;
  description: string;
  /** Resolves with a one-line summary for stdout; throws CliError (or any Error) to fail with exit code 1. */
  run(args: string[], config: ResetDeskConfig, input: OperatorInput): Promise<string>;
}

export class CliError extends Error {}
