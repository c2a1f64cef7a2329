'use strict';
/**
 * Ends the run with one plain line, `Tests: N passed, N failed[, N skipped]`, the closing line CI systems
 * read whatever the test runner (Jest's own summary has another shape).
 */
class SummaryLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `Tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
    // After Jest's own summary, so that it is the run's last line.
    process.once('exit', () => process.stderr.write(`${line}\n`));
  }
}

module.exports = SummaryLineReporter;
