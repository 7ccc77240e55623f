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
      let testsInModule = 0;
      for (const test of module.children.allTests()) {
        testsInModule += 1;
        const state = test.result().state;
        if (state === 'passed') {
          passed += 1;
        } else if (state === 'failed') {
          failed += 1;
        } else {
          skipped += 1;
        }
      }
      // A file that failed to load, or a failing beforeAll/afterAll, fails the module
      // while its tests may count as skipped or passed.
      if (module.state() === 'failed' && (testsInModule === 0 || module.errors().length > 0)) {
        failed += Math.max(1, module.errors().length);
      }
    }
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
