import type { Reporter, TestModule } from 'vitest/node';

/**
 * CI reads the result from the run's last line. Vitest's own summary is not a
 * line it recognises, so this prints `vitest: N passed, N failed, N skipped`.
 * A file that failed to load and a failed global setup count as failures.
 */
export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
  ): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      let failedInModule = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') {
          passed += 1;
        } else if (state === 'failed') {
          failedInModule += 1;
        } else {
          skipped += 1;
        }
      }
      // A file that failed to load, or a failing beforeAll/afterAll, fails the module
      // while its tests count as skipped or passed: count it as one failure.
      failed += module.state() === 'failed' && failedInModule === 0 ? 1 : failedInModule;
    }
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
