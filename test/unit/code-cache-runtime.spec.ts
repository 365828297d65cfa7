import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from 'node:vm';

interface CompileStep {
  (source: string, filename: string): ((...args: unknown[]) => void) | null;
  stats: { compiled: number; fromCache: number };
}
type CachedCompile = (
  file: { context: () => object | null; parameters: string[]; dynamicImport: () => Promise<unknown> },
  compile: (source: string, filename: string) => unknown,
  cache: Map<string, { source: string; data: Buffer }>,
) => CompileStep;
interface FileCache {
  strings: Map<string, string>;
  readFile(filename: string): string;
  readFileBuffer(filename: string): Buffer;
}
type WorkerFiles = Map<string, { mtimeMs: number; size: number; buffer: Buffer; text?: string }>;
// A CommonJS file jest loads by path (jest.config.js `runtime`); required the same way here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cachedCompile, shareFileReads } = require('../support/code-cache-runtime.cjs') as {
  cachedCompile: CachedCompile;
  shareFileReads: (fileCache: FileCache, watching: boolean, files: WorkerFiles) => void;
};

/** A test file's compile step: its own context, jest's own compile as the fallback. */
function fileStep(cache: Map<string, { source: string; data: Buffer }>, context: object | null = createContext({ marker: 'file' })) {
  const stock = jest.fn(() => 'compiled by jest');
  return { step: cachedCompile({ context: () => context, parameters: ['module'], dynamicImport: jest.fn() }, stock, cache), stock };
}

function run(compiled: unknown): unknown {
  const module = { exports: undefined as unknown };
  (compiled as (module: { exports: unknown }) => void)(module);
  return module.exports;
}

const SOURCE = 'module.exports = { answer: 6 * 7, marker: typeof marker === "undefined" ? "none" : marker };';

describe('the test runtime’s code cache', () => {
  it('compiles a module once per worker: the next test file compiles it from V8’s cache and runs it in its own context', () => {
    const cache = new Map<string, { source: string; data: Buffer }>();
    const first = fileStep(cache, createContext({ marker: 'first file' }));
    expect(run(first.step(SOURCE, '/libs/answer.js'))).toEqual({ answer: 42, marker: 'first file' });
    expect(first.step.stats).toEqual({ compiled: 1, fromCache: 0 });

    const second = fileStep(cache, createContext({ marker: 'second file' }));
    expect(run(second.step(SOURCE, '/libs/answer.js'))).toEqual({ answer: 42, marker: 'second file' });
    expect(second.step.stats).toEqual({ compiled: 0, fromCache: 1 });
    expect(second.stock).not.toHaveBeenCalled();
  });

  it('compiles a changed source afresh and keeps the new cache', () => {
    const cache = new Map<string, { source: string; data: Buffer }>();
    fileStep(cache).step(SOURCE, '/libs/answer.js');
    const changed = SOURCE.replace('6 * 7', '6 * 9');
    const next = fileStep(cache);
    expect(run(next.step(changed, '/libs/answer.js'))).toMatchObject({ answer: 54 });
    expect(next.step.stats).toEqual({ compiled: 1, fromCache: 0 });
    expect(cache.get('module\0/libs/answer.js')?.source).toBe(changed);
  });

  it('leaves to jest what it cannot compile itself: no context yet, or a syntax error jest words its own way', () => {
    const cache = new Map<string, { source: string; data: Buffer }>();
    const disposed = fileStep(cache, null);
    expect(disposed.step(SOURCE, '/libs/answer.js')).toBe('compiled by jest');
    const broken = fileStep(cache);
    expect(broken.step('export const esm = 1;', '/libs/esm.js')).toBe('compiled by jest');
    expect(broken.stock).toHaveBeenCalledWith('export const esm = 1;', '/libs/esm.js');
    expect(cache.size).toBe(0);
  });
});

describe('the test runtime’s shared reads', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'resetdesk-runtime-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A test file's FileCache as jest builds it: `strings` is its cacheFS (the test file's own source already in it). */
  function fileCache(files: WorkerFiles, watching: boolean): FileCache {
    const cache: FileCache = {
      strings: new Map([['/test/own.spec.ts', 'the test file']]),
      readFile: () => 'read by jest',
      readFileBuffer: () => Buffer.from('read by jest'),
    };
    shareFileReads(cache, watching, files);
    return cache;
  }

  it('reads a module once per worker: the next test file gets the same text without touching the disk', () => {
    const files: WorkerFiles = new Map();
    const path = join(dir, 'module.js');
    writeFileSync(path, 'module.exports = 1;');
    const first = fileCache(files, false);
    expect(first.readFile(path)).toBe('module.exports = 1;');
    expect(first.readFile('/test/own.spec.ts')).toBe('the test file');

    rmSync(path);
    const second = fileCache(files, false);
    expect(second.readFile(path)).toBe('module.exports = 1;');
    expect(second.readFileBuffer(path).toString()).toBe('module.exports = 1;');
    expect(second.strings.get(path)).toBe('module.exports = 1;');
  });

  it('in watch mode reads a module again once it changed', () => {
    const files: WorkerFiles = new Map();
    const path = join(dir, 'module.js');
    writeFileSync(path, 'module.exports = 1;');
    expect(fileCache(files, true).readFile(path)).toBe('module.exports = 1;');
    writeFileSync(path, 'module.exports = 22;');
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    expect(fileCache(files, true).readFile(path)).toBe('module.exports = 22;');
  });
});
