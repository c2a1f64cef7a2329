import type { InteractionResult } from './replay';

/**
 * JUnit XML of a replay, as CI servers read it: one test suite per contract, one test case per interaction,
 * a `<failure>` listing each mismatch.
 */
export function junitXml(
  suites: readonly { readonly name: string; readonly results: readonly InteractionResult[] }[],
): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = suites.flatMap((suite) => suite.results);
  lines.push(`<testsuites tests="${all.length}" failures="${failures(all)}" time="${seconds(all)}">`);
  for (const suite of suites) {
    lines.push(
      `  <testsuite name="${escape(suite.name)}" tests="${suite.results.length}" failures="${failures(suite.results)}" time="${seconds(suite.results)}">`,
    );
    for (const result of suite.results) {
      const open = `    <testcase classname="${escape(suite.name)}" name="${escape(result.description)}" time="${result.seconds}"`;
      if (result.mismatches.length === 0) {
        lines.push(`${open}/>`);
        continue;
      }
      const detail = result.mismatches.map((m) => `${m.where}: ${m.message}`).join('\n');
      lines.push(`${open}>`);
      lines.push(
        `      <failure message="${escape(result.mismatches[0]?.message ?? '')}" type="mismatch">${escape(`${result.method} ${result.path}\n${detail}`)}</failure>`,
      );
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

const failures = (results: readonly InteractionResult[]) =>
  results.filter((result) => result.mismatches.length > 0).length;

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
