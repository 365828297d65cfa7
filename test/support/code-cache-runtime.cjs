// @ts-check
/**
 * jest's own runtime, plus V8's code cache for the modules it compiles.
 *
 * Every test file gets a fresh module registry, so each e2e file compiles Nest, TypeORM, BullMQ and all our
 * libs again: ~0.35 s of CPU per file, on a machine the suite keeps busy. With the cache, a jest worker
 * compiles a module once and the later files of that worker start from its bytecode. Modules still run anew
 * in every file (their own state, their own mocks): only the parse and compile step is shared.
 */
const fs = require('node:fs');
const vm = require('node:vm');
const { compileFunction } = vm;
const Runtime = require('jest-runtime').default;

/**
 * Code caches by file name, each with the source it was made from: one map per worker process, shared by
 * every test file the worker runs.
 *
 * @type {Map<string, { source: string, data: Buffer }>}
 */
const workerCache = new Map();

/**
 * A test file's compile step that reads and fills `cache`. `compile` is jest's own, used for what the
 * cache does not cover (no context yet, a source that does not compile: jest words that error itself).
 *
 * @param {{ context: () => object | null, parameters: string[], dynamicImport: (...args: any[]) => Promise<any> }} file
 * @param {(source: string, filename: string) => Function | null} compile
 * @param {Map<string, { source: string, data: Buffer }>} cache
 */
function cachedCompile(file, compile, cache = workerCache) {
  const stats = { compiled: 0, fromCache: 0 };
  function compileWithCache(/** @type {string} */ source, /** @type {string} */ filename) {
    const context = file.context();
    if (!context) return compile(source, filename);
    // The injected parameters are part of the compiled function: a cache made for other ones is not this one.
    const key = `${file.parameters.join(',')}\0${filename}`;
    const entry = cache.get(key);
    const cachedData = entry?.source === source ? entry.data : undefined;
    /** @type {Function & { cachedData?: Buffer, cachedDataRejected?: boolean }} */
    let fn;
    try {
      fn = compileFunction(source, file.parameters, {
        filename,
        parsingContext: /** @type {import('node:vm').Context} */ (context),
        cachedData,
        produceCachedData: cachedData === undefined,
        importModuleDynamically: (specifier, _script, attributes, ...phase) => {
          // As jest's own compile: import() from CommonJS needs the VM module API, which Node gives only with a flag.
          if (typeof vm.SyntheticModule !== 'function')
            throw new Error(
              'You need to run with a version of node that supports ES Modules in the VM API. See https://jestjs.io/docs/ecmascript-modules',
            );
          return file.dynamicImport(specifier, filename, context, attributes, ...phase);
        },
      });
    } catch {
      return compile(source, filename);
    }
    if (cachedData && !fn.cachedDataRejected) stats.fromCache += 1;
    else {
      stats.compiled += 1;
      if (fn.cachedData) cache.set(key, { source, data: fn.cachedData });
    }
    return fn;
  }
  return Object.assign(compileWithCache, { stats });
}

/**
 * Module sources by file name, shared by the test files of one worker. jest reads every module anew for each test file
 * (~0.1 s of CPU per e2e file). A run's workers end with the run, so sources cannot change under them; in watch mode,
 * where jest may run the tests in its own long-lived process, a file is read again when its size or mtime changed.
 *
 * @type {Map<string, { mtimeMs: number, size: number, buffer: Buffer, text?: string }>}
 */
const workerFiles = new Map();

/**
 * @param {string} filename
 * @param {boolean} watching
 * @param {typeof workerFiles} files
 */
function currentFile(filename, watching, files) {
  let entry = files.get(filename);
  if (entry && !watching) return entry;
  const { mtimeMs, size } = fs.statSync(filename);
  if (!entry || entry.mtimeMs !== mtimeMs || entry.size !== size) {
    entry = { mtimeMs, size, buffer: fs.readFileSync(filename) };
    files.set(filename, entry);
  }
  return entry;
}

/**
 * The test file's reads answered from `workerFiles`. jest's FileCache keeps what one test file read (`strings` is the
 * test file's own cacheFS, which also holds the test file itself); only what it has not read yet comes from here.
 *
 * @param {{ strings: Map<string, string>, readFile: (filename: string) => string, readFileBuffer: (filename: string) => Buffer }} fileCache
 * @param {boolean} watching
 */
function shareFileReads(fileCache, watching, files = workerFiles) {
  fileCache.readFileBuffer = (filename) => currentFile(filename, watching, files).buffer;
  fileCache.readFile = (filename) => {
    let text = fileCache.strings.get(filename);
    if (text === undefined) {
      const entry = currentFile(filename, watching, files);
      text = entry.text ??= entry.buffer.toString();
      fileCache.strings.set(filename, text);
    }
    return text;
  };
}

class CodeCacheRuntime extends Runtime {
  constructor(/** @type {any[]} */ ...args) {
    // @ts-expect-error -- jest's own arguments, handed on unchanged
    super(...args);
    // jest 30 compiles in its module executor. Should a later jest move that, run as stock jest does.
    const executor = /** @type {any} */ (this).executor;
    const usable =
      typeof executor?.compile === 'function' &&
      typeof executor.dynamicImport === 'function' &&
      typeof executor.environment?.getVmContext === 'function' &&
      Array.isArray(executor.injectedModuleParameters) &&
      typeof executor.resolution?.isCoreModule === 'function';
    const fileCache = /** @type {any} */ (this).fileCache;
    const sharable =
      fileCache?.strings instanceof Map && typeof fileCache.readFile === 'function' && typeof fileCache.readFileBuffer === 'function';
    if (!usable || !sharable) {
      warnOnce();
      return;
    }
    const globalConfig = args[7];
    shareFileReads(fileCache, Boolean(globalConfig?.watch || globalConfig?.watchAll));
    const stock = executor.compile.bind(executor);
    const cached = cachedCompile(
      {
        context: () => executor.environment.getVmContext(),
        parameters: executor.injectedModuleParameters,
        dynamicImport: (...importArgs) => executor.dynamicImport(...importArgs),
      },
      stock,
    );
    // jest names a core module's script after the module; those are few and stay as jest compiles them.
    executor.compile = (/** @type {string} */ source, /** @type {string} */ filename) =>
      executor.resolution.isCoreModule(filename) ? stock(source, filename) : cached(source, filename);
  }
}

let warned = false;
function warnOnce() {
  if (warned) return;
  warned = true;
  process.stderr.write('test/support/code-cache-runtime.cjs: this jest reads or compiles elsewhere; running as stock jest\n');
}

module.exports = CodeCacheRuntime;
module.exports.default = CodeCacheRuntime;
module.exports.cachedCompile = cachedCompile;
module.exports.shareFileReads = shareFileReads;
