// @ts-check
import Sequencer from '@jest/test-sequencer';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const DURATIONS_FILE = join(ROOT, 'test', 'durations.json');

/** Seconds each test file took in a full run, by path from the repository root (npm run test:durations). */
const recorded = /** @type {Record<string, number>} */ (JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')));

/**
 * Jest runs the slowest files first when its cache knows their durations, so that no worker is left with a long
 * file at the end. A fresh clone has no cache and jest falls back to file size, which puts the directory and
 * browser files (small files, long runs) last. This sequencer answers from the checked-in durations instead;
 * a file not listed there (a new one) runs after the known ones. Keep the file current (`npm run test:durations`
 * after a full run): a fresh clone ordered by stale durations ran 360 s where the same suite ordered by the last
 * run's took 280 s, the slowest files having started together.
 */
class DurationSequencer extends Sequencer {
  /** @param {import('@jest/test-result').Test} test */
  time(test) {
    const cached = super.time(test);
    if (cached !== undefined) return cached;
    // A file not listed (a new one) counts as quick. Unknown to jest's sort, it would start before every known file,
    // and the slowest ones would then all start together after it.
    return (recorded[relative(ROOT, test.path)] ?? 0) * 1000;
  }

  /**
   * @param {Array<import('@jest/test-result').Test>} tests
   * @param {import('@jest/test-result').AggregatedResult} results
   */
  cacheResults(tests, results) {
    super.cacheResults(tests, results);
    if (!process.env.RECORD_TEST_DURATIONS) return;
    const durations = Object.fromEntries(
      results.testResults
        .filter((result) => !result.skipped && result.perfStats.runtime > 0)
        .map((result) => [relative(ROOT, result.testFilePath), Math.round(result.perfStats.runtime / 100) / 10])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    writeFileSync(DURATIONS_FILE, `${JSON.stringify(durations, null, 2)}\n`);
  }
}

export default DurationSequencer;
