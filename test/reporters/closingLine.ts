import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/** Where the model-based suite leaves its `model coverage: …` line for this reporter. */
export const MODEL_COVERAGE_FILE = 'test-results/model-coverage.txt';
/** The plain summary line, also kept in a file so `.ci/run` can print it last. */
export const SUMMARY_FILE = 'test-results/summary.txt';

/**
 * Ends the run with one plain line, `tests: N passed, N failed, N skipped`, that CI scripts can read
 * whatever the test runner's own summary looks like; then, when the model-based suite ran, its
 * `model coverage: states …, transitions …, paths …` line, so that line ends `npm test`.
 */
export default class ClosingLineReporter implements Reporter {
  private readonly startedAt = Date.now();

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++; // a file that failed to load
    }
    const summary = `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
    mkdirSync('test-results', { recursive: true });
    writeFileSync(SUMMARY_FILE, `${summary}\n`);
    process.stdout.write(`\n${summary}\n`);
    if (existsSync(MODEL_COVERAGE_FILE) && statSync(MODEL_COVERAGE_FILE).mtimeMs >= this.startedAt) {
      process.stdout.write(readFileSync(MODEL_COVERAGE_FILE, 'utf8'));
    }
  }
}
