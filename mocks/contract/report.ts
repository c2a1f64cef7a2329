import type { InteractionResult } from './replay';

/**
 * The replay as a table a person reads: one row per interaction (PASS/FAIL, request, description), the
 * mismatches of a failed one indented beneath it, then the totals.
 */
export function resultTable(title: string, results: readonly InteractionResult[]): string {
  const lines = [title];
  const request = (result: InteractionResult) => `${result.method} ${result.path}`;
  const width = Math.min(70, Math.max(...results.map((result) => request(result).length), 7));
  lines.push(`  ${'RESULT'}  ${'REQUEST'.padEnd(width)}  INTERACTION`);
  for (const result of results) {
    const verdict = result.mismatches.length === 0 ? 'PASS  ' : 'FAIL  ';
    const states = result.states.length > 0 ? ` (given ${result.states.join(', ')})` : '';
    lines.push(`  ${verdict}  ${request(result).padEnd(width)}  ${result.description}${states}`);
    for (const mismatch of result.mismatches)
      lines.push(`            ${mismatch.where}: ${mismatch.message}`);
  }
  const failed = results.filter((result) => result.mismatches.length > 0).length;
  lines.push(`  ${results.length - failed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}
