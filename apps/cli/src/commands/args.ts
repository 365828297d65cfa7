import { CliError } from './command';

/** Parses `--name value` pairs; refuses unknown or valueless options. */
export function parseOptions(args: string[], allowed: readonly string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !allowed.includes(name)) {
      throw new CliError(`Unknown option "${flag}" (allowed: ${allowed.map((option) => `--${option}`).join(', ')})`);
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new CliError(`Option --${name} needs a value`);
    options[name] = value;
  }
  return options;
}
