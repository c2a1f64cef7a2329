import type { InteractionResult } from './replay';
import { verdictOf } from './report';

/**
 * JUnit XML of a replay, as CI servers read it: one test suite per contract, one test case per interaction,
 * a `<failure>` listing each mismatch; a pending interaction's failure (Pact V4 `pending`) is `<skipped>` with the
 * reason instead, and does not count as a failure.
 */
export function junitXml(
  suites: readonly { readonly name: string; readonly results: readonly InteractionResult[] }[],
): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = suites.flatMap((suite) => suite.results);
  lines.push(
    `<testsuites tests="${all.length}" failures="${failures(all)}" skipped="${skipped(all)}" time="${seconds(all)}">`,
  );
  for (const suite of suites) {
    lines.push(
      `  <testsuite name="${escape(suite.name)}" tests="${suite.results.length}" failures="${failures(suite.results)}" skipped="${skipped(suite.results)}" time="${seconds(suite.results)}">`,
    );
    for (const result of suite.results) {
      const open = `    <testcase classname="${escape(suite.name)}" name="${escape(result.description)}" time="${result.seconds}"`;
      if (result.mismatches.length === 0) {
        lines.push(`${open}/>`);
        continue;
      }
      const detail = result.mismatches.map((m) => `${m.where}: ${m.message}`).join('\n');
      const first = result.mismatches[0]?.message ?? '';
      lines.push(`${open}>`);
      lines.push(
        verdictOf(result) === 'PENDING'
          ? `      <skipped message="${escape(`pending: ${first}`)}">${escape(`${result.method} ${result.path}\n${detail}`)}</skipped>`
          : `      <failure message="${escape(first)}" type="mismatch">${escape(`${result.method} ${result.path}\n${detail}`)}</failure>`,
      );
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

const failures = (results: readonly InteractionResult[]) =>
  results.filter((result) => verdictOf(result) === 'FAIL').length;
const skipped = (results: readonly InteractionResult[]) =>
  results.filter((result) => verdictOf(result) === 'PENDING').length;

const seconds = (results: readonly InteractionResult[]) =>
  Math.round(results.reduce((sum, result) => sum + result.seconds, 0) * 1000) / 1000;

/** XML text and attribute escaping; characters XML 1.0 cannot carry at all are dropped. */
function escape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}
