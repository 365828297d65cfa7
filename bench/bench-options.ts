/** `--name N` from the command line, or `fallback`; a bench's sizes are whole numbers of at least 1000. */
export function sizeOption(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = Number(index >= 0 ? process.argv[index + 1] : fallback);
  if (!Number.isInteger(value) || value < 1000) throw new Error(`${name} must be a whole number of at least 1000`);
  return value;
}
