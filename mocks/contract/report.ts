import type { InteractionResult } from './replay';

/**
 * The replay as a table a person reads: one row per interaction (PASS/FAIL, request, description), the
 * mismatches of a failed one indented beneath it, then the totals.
 */
export function resultTable(title: string, results: readonly InteractionResult[]): string {
  const lines = [title];
  const request = (result: InteractionResult) => `${result.method} ${result.path}`;
  const width = Math.min(70, Math.max(...results.map((result) => request(result).length), 7));
  lines.push(`  ${'RESULT '}  ${'REQUEST'.padEnd(width)}  INTERACTION`);
  for (const result of results) {
    const verdict = verdictOf(result).padEnd(7);
    const states = result.states.length > 0 ? ` (given ${result.states.join(', ')})` : '';
    lines.push(`  ${verdict}  ${request(result).padEnd(width)}  ${result.description}${states}`);
    for (const mismatch of result.mismatches)
      lines.push(`             ${mismatch.where}: ${mismatch.message}`);
  }
  const count = (verdict: Verdict) => results.filter((result) => verdictOf(result) === verdict).length;
  const pending = count('PENDING');
  lines.push(
    `  ${count('PASS')} passed, ${count('FAIL')} failed${pending > 0 ? `, ${pending} pending (not failing the run)` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

type Verdict = 'PASS' | 'FAIL' | 'PENDING';

/** PASS, FAIL, or PENDING: a failed interaction that Pact V4 marks pending, which does not fail the run. */
export function verdictOf(result: InteractionResult): Verdict {
  if (result.mismatches.length === 0) return 'PASS';
  return result.pending ? 'PENDING' : 'FAIL';
}
