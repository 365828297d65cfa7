import { readFileSync, writeFileSync } from 'node:fs';

export interface GeneratedFile {
  path: string;
  /** What the file is, for the messages (e.g. "docs/openapi.json"). */
  name: string;
  /** The command that writes it, named when CI finds it stale. */
  regenerate: string;
  /** Said after writing it (e.g. "87 codes from 16 exception classes"). */
  summary?: string;
}

/**
 * Writes a generated, checked-in file; with `--check` on the command line
 * (CI) writes nothing and exits 1 when the checked-in copy differs, so the
 * file cannot go stale. A missing file counts as stale.
 */
export function writeOrCheck(content: string, { path, name, regenerate, summary }: GeneratedFile): void {
  if (!process.argv.includes('--check')) {
    writeFileSync(path, content);
    console.log(`wrote ${name}${summary ? ` (${summary})` : ''}`);
    return;
  }
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // Missing counts as stale.
  }
  if (current !== content) {
    console.error(`${name} is stale: run \`${regenerate}\` and commit the result`);
    process.exit(1);
  }
  console.log(`${name} is current`);
}
