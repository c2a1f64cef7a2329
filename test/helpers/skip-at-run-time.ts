/**
 * A test that cannot run on this machine (a missing browser) is still registered, under a title the summary
 * reporter (test/reporters/summary-line.js) recognises: it counts the test as skipped and prints the reason in
 * the run's closing lines, where a `test.skip` would hide why.
 */
export const SKIPPED_AT_RUN_TIME = '[skipped at run time] ';

export function skippedTest(title: string, reason: string): void {
  test(`${SKIPPED_AT_RUN_TIME}${title}: ${reason}`, () => undefined);
}
