// @ts-check
/**
 * Mutation testing of functions/ (what was functions/lib): `npm run mutation`, which runs Stryker 10 (installed here by
 * `npm run mutation:install`) on the Node 24 of the root's npm scripts, from the repository root:
 * the paths below are relative to it. Not part of `npm test`. Stryker reads tsconfig.json (to
 * rewrite its paths for the sandbox) with TypeScript's JavaScript API, which the root's TypeScript 7
 * (the native port) does not have: this package has its own TypeScript 5.9 for that.
 * https://stryker-mutator.io/docs/stryker-js/configuration/
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'tools/mutation/vitest.config.ts' },
  // What was functions/lib: everything under functions/ but the report and the two entry points.
  mutate: [
    'functions/**/*.ts',
    '!functions/report/**',
    '!functions/handler.ts',
    '!functions/cli.ts',
    '!functions/cli/cli-app.ts',
  ],
  coverageAnalysis: 'perTest',
  // The base vitest config's execArgv (see tools/mutation/vitest.config.ts): s3rver lists with DES.
  testRunnerNodeArgs: ['--openssl-legacy-provider'],
  // Reruns test only the mutants whose code or covering tests changed. The file stays out of git
  // (reports/ is ignored): it is a few MB of JSON that changes on every run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // Static mutants (module-level constants such as the schema's COLUMNS) record no per-test
  // coverage, so each runs the whole suite: Stryker put them at 83 % of a full run's time for 33 %
  // of its mutants (2026-12-01), and a constant's mutant is killed on import by whatever reads it.
  // They are left out of the run and the score unless MUTATION_STATIC=1:
  // `MUTATION_STATIC=1 npm run mutation -- --force`, several hours on 2 cores.
  ignoreStatic: process.env.MUTATION_STATIC !== '1',
  // One test runner per core on the 2-core machines this runs on.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // Colours only: a lower score does not fail the run.
  thresholds: { high: 90, low: 80, break: null },
};
