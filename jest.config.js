// @ts-check
/** Three projects share one transform: unit specs beside the code, API e2e and browser tests under test/. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    // Maps beside the code, not inlined into it: jest maps stack traces from either, and each module's text (read,
    // cached and compiled by every worker) stays a third of the size.
    sourceMaps: true,
  },
];

// NestJS 12 and a few of its dependencies ship ESM only; jest (CommonJS) needs them transformed.
const esmPackages = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@borewit',
  'otplib',
  '@otplib',
  '@scure',
  '@noble',
  '@zxcvbn-ts',
  'nodemailer',
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: { '^@resetdesk/(.*)$': '<rootDir>/libs/$1/src' },
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  // Builds (the run's compiled entry points, the admin UI) are written during a run: never tests, never a reason to re-run.
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // jest's runtime with V8's code cache: a worker compiles each module once, not once per test file.
  runtime: '<rootDir>/test/support/code-cache-runtime.cjs',
};

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Test files run side by side, each worker on its own database and Redis key prefix (test/support/setup-env.ts).
  // Four on two cores: files wait on MariaDB, slapd, Samba and Chromium often enough that with three the cores still
  // stood idle ~50 s of a run (~14 s with four). In fresh clones on the Intel Xeon machine of 4 December: jest 284 s
  // with three workers, 262 s with four.
  maxWorkers: process.env.TEST_WORKERS ? Number(process.env.TEST_WORKERS) : 4,
  // Slowest files first, from test/durations.json when jest's own cache is empty (a fresh clone, CI).
  testSequencer: '<rootDir>/test/support/duration-sequencer.mjs',
  // A hang detector, not a speed check: the heaviest tests (a demo seed, 1,500 directory users, hundreds of timed
  // requests) took past 30 s beside each other on a slower machine.
  testTimeout: 60_000,
  watchPathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/test-output/'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
      testPathIgnorePatterns: ['/apps/admin/'],
      // Unit specs reach their factories and fakes as test/factories and test/unit (tsconfig.json maps the same).
      moduleNameMapper: { ...common.moduleNameMapper, '^test/(.*)$': '<rootDir>/test/$1' },
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/browser/global-setup.ts',
      globalTeardown: '<rootDir>/test/browser/global-teardown.ts',
    },
  ],
};
