/**
 * Prints one plain closing line, `tests: N passed, N failed (node v24.21.0)`, after vitest's own
 * summary, so a CI that reads closing lines (not vitest's format) can count the run and see which
 * Node.js ran it (Node 24, the Lambda runtime: the `node` devDependency runs every npm script).
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) counts[test.result().state] += 1;
    }
    const skipped = counts.skipped + counts.pending;
    process.stdout.write(
      `tests: ${counts.passed} passed, ${counts.failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''} (node ${process.version})\n`,
    );
  }
}
