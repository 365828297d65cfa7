// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import boundaries from './scripts/eslint/import-boundaries.mjs';

/**
 * The libs in dependency order: a lib imports only libs in lower layers (scripts/eslint/import-boundaries.mjs),
 * so an upward import or a cycle fails lint. Libs of one layer do not import each other. A new lib goes in the
 * lowest layer above everything it imports.
 */
const LAYERS = [
  ['core'],
  ['audit', 'chat', 'mail-catcher'],
  ['mail', 'policies', 'directory'],
  ['staff', 'system'],
  ['auth', 'accounts'],
  ['reminders', 'tickets'],
  ['verification'],
  ['resets'],
  ['self-service', 'stats'],
];

export default tseslint.config(
  { ignores: ['**/node_modules/', 'dist/', 'coverage/', '.data/', 'test-output/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  // Type-aware: each file is checked against the nearest tsconfig.json (the server's, or apps/admin's). Among what it
  // brings: no-floating-promises (a deliberate fire-and-forget is `void`ed with a comment saying why), no-misused-promises,
  // await-thenable, only-throw-error, prefer-promise-reject-errors; plus `recommended` (the syntax-only rules).
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { resetdesk: boundaries },
    rules: {
      'resetdesk/import-boundaries': ['error', { layers: LAYERS }],
      // A switch over a union names every member; `default` alone does not count, so a new member is a lint error
      // at each switch that must decide what to do with it.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // `_name` marks a value left out on purpose (a destructured field dropped from an answer, an unused parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],

      // Switched off from recommendedTypeChecked, each for its reason:
      // - no-unsafe-*: `any` enters at the edges (supertest's res.body, express's req, raw SQL rows) and is checked
      //   there at run time (class-validator DTOs, the e2e assertions); typing each read adds casts, not safety.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // - a redundant `!` or `as` costs nothing at run time and often documents what the reader knows.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // - an async method without await is how an interface that returns a Promise is met (guards, readers, fakes).
      '@typescript-eslint/require-await': 'off',
      // - it reports React props and `this`-free static factories passed as values; a method that needs `this` is bound.
      '@typescript-eslint/unbound-method': 'off',
      // - String() and template literals on `unknown` (audit details, raw SQL rows) are deliberate; the rule cannot tell.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    files: ['apps/admin/**'],
    languageOptions: { globals: globals.browser },
    rules: {
      // React ignores what an event handler returns, and each async handler of the admin UI catches its own failure
      // and reports it (notify or an error line). Promises passed anywhere else are still checked.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  // Plain JavaScript (scripts, configs) is in no tsconfig: no type information, so no type-aware rules.
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked] },
  // A CommonJS file (one jest loads by path, outside its transform) has only require() to import with.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Last: switch off every stylistic rule Prettier owns.
  prettier,
);
