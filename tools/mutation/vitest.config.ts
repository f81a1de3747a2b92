/**
 * The suites Stryker runs for each mutant of functions/ (`npm run mutation`): the fast ones that
 * exercise that code in this process. Left out: test/infra (CDK synth and DuckDB: slow, and they
 * test the stack, not functions/ logic); test/fuzz (thousands of generated cases, ~15 s, run
 * again for every mutant they cover that survives); test/browser (needs Chromium); and the
 * bundled-handler test, whose fresh Node process runs the esbuild bundle and so can never see
 * Stryker's active mutant. The few other tests that start a child process (`npm run simulator`,
 * `npm start -- --secret-id`) stay: their files hold in-process tests that kill mutants, and
 * Stryker's vitest runner picks tests by name itself.
 */
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    // Not mergeConfig: it would append these lists to the base ones instead of replacing them.
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/infra/**',
      'test/tools/**',
      '**/*.fuzz.test.ts',
      '**/*.browser.test.ts',
      'test/handler.test.ts',
    ],
    reporters: ['default'],
    // Stryker runs vitest's threads pool, whose workers refuse process-wide Node flags; the flag
    // the base config gives its workers goes to Stryker's test runner processes instead
    // (testRunnerNodeArgs in ./stryker.config.mjs), which the threads share.
    execArgv: [],
  },
});
