import { ResetDeskConfig } from '@resetdesk/core';

export interface CliCommand {
  name: string;
  usage: string;
  description: string;
  /** Resolves with a one-line summary for stdout; throws CliError (or any Error) to fail with exit code 1. */
  run(args: string[], config: ResetDeskConfig, env: Record<string, string | undefined>): Promise<string>;
}

export class CliError extends Error {}
