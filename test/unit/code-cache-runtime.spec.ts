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
// A CommonJS file jest loads by path (jest.config.js `runtime`); required the same way here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cachedCompile } = require('../support/code-cache-runtime.cjs') as { cachedCompile: CachedCompile };

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
