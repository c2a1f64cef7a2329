'use strict';
/**
 * Ends the run with one plain line, `Tests: N passed, N failed[, N skipped]`, the closing line CI systems
 * read whatever the test runner (Jest's own summary has another shape). Tests that found at run time that
 * they cannot run here (registered by test/helpers/skip-at-run-time.ts, whose title carries this marker)
 * count as skipped, and each one's reason is printed just above that line.
 */
const SKIPPED_AT_RUN_TIME = '[skipped at run time] ';

class SummaryLineReporter {
  onRunComplete(_contexts, results) {
    const skippedHere = results.testResults
      .flatMap((file) => file.testResults)
      .filter((test) => test.status === 'passed' && test.title.startsWith(SKIPPED_AT_RUN_TIME))
      .map((test) => `Skipped: ${test.title.slice(SKIPPED_AT_RUN_TIME.length)}`);
    const passed = results.numPassedTests - skippedHere.length;
    const skipped = results.numPendingTests + results.numTodoTests + skippedHere.length;
    const line = `Tests: ${passed} passed, ${results.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    // After Jest's own summary, so that it is the run's last line.
    process.once('exit', () => process.stderr.write(`${[...skippedHere, line].join('\n')}\n`));
  }
}

module.exports = SummaryLineReporter;
