// @ts-check
// Typed linting (typescript-eslint) over the TypeScript sources: `npm run lint`, run by `npm test`.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const PURE_LIBS = ['time', 'tariffs', 'distribution'];

// Framework, database, queue and Redis packages, subpaths included: the pure core stays plain data
// in, plain data out, so it can be unit-tested and reused by the CLI and the solver thread.
const IMPURE_PACKAGES = /** @type {const} */ ([
  { regex: '^@nestjs/', message: 'a pure library imports no NestJS' },
  { regex: '^typeorm(/|$)', message: 'a pure library imports no TypeORM' },
  { regex: '^bullmq(/|$)', message: 'a pure library imports no BullMQ' },
  { regex: '^ioredis(/|$)', message: 'a pure library imports no Redis client' },
  { regex: '^pg(/|$)', message: 'a pure library imports no PostgreSQL driver' },
  {
    regex: `^@anw/(?!(${PURE_LIBS.join('|')})$)`,
    message: `a pure library imports only the other pure libraries (${PURE_LIBS.map((l) => `@anw/${l}`).join(', ')})`,
  },
]);
const IMPURE_SOURCE = '/^(@nestjs\\/|typeorm(\\/|$)|bullmq(\\/|$)|ioredis(\\/|$)|pg(\\/|$)|@anw\\/)/';

/** @param {{ regex: string, message: string }[]} extra */
const pureRules = (extra) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...IMPURE_PACKAGES, ...extra] }],
  'no-restricted-syntax': [
    'error',
    {
      selector: `ImportExpression[source.value=${IMPURE_SOURCE}]`,
      message: 'a pure library loads no framework, database, queue or non-pure @anw library',
    },
  ],
});

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', '.run/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['{apps,libs,test,bench}/**/*.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Off: nearly all of its hits (over a hundred) are `(await ds.query(sql)) as Row[]`, which it
      // wants written `await ds.query<Row[]>(sql)`; both leave the rows unchecked, so the rewrite is
      // style only. Its other half (a `!` or cast that changes nothing) is cosmetic too.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `_name` marks a value left out on purpose (rest destructuring, unused parameters).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The pure core: the ANW time classification, the tariff engine and the distribution engine.
    files: PURE_LIBS.map((lib) => `libs/${lib}/**/*.ts`),
    rules: pureRules([
      // Files sit at libs/<lib>/{src,test}/*.ts: two levels up leaves the library.
      { regex: '^\\.\\./\\.\\./', message: 'a pure library imports nothing outside itself by path' },
    ]),
  },
  {
    // The calendar renderer: plain data in, iCalendar text out (the cache and feeds around it are not pure).
    files: ['libs/calendars/src/render/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: pureRules([{ regex: '^\\.\\./', message: 'the renderer imports nothing from the rest of calendars' }]),
  },
  {
    // Tests, their helpers and the benchmarks read untyped HTTP bodies and JSON (supertest's
    // `body` is `any`): the no-unsafe-* rules would flag well over a thousand `res.body.x` reads,
    // and fakes implement async interfaces without awaiting. `any` is allowed here, not in
    // production code.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/*/test/**/*.ts', 'libs/*/testing/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
