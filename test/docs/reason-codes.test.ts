/**
 * docs/reason-codes.md is rendered from the reason catalogues in the code (the runtime's and each
 * provider's), so the list users read is the list the sandbox emits. This test fails when they differ;
 * `npm run docs:reasons` rewrites the file. That each code is actually answered by some test is checked after
 * the whole suite (test/setup/global-teardown.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDERS } from '../../mocks/registry';
import { RUNTIME_REASONS, type ReasonCatalogue } from '../../mocks/runtime/reasons';

const DOC = join(__dirname, '..', '..', 'docs', 'reason-codes.md');

function table(catalogue: ReasonCatalogue, codeOf: (code: string) => string): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = Object.entries(catalogue).map(
    ([code, { status, meaning, fix }]) =>
      `| \`${codeOf(code)}\` | ${status} | ${cell(meaning)} | ${cell(fix)} |`,
  );
  return ['| Code | Status | Meaning | Fix |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function renderReasonCodes(): string {
  const sections = [
    '# Reason codes',
    '',
    'Every request the sandbox rejects carries `X-Sandbox-Reason: <CODE>`, a stable upper-case code prefixed',
    'with the provider; the body keeps the provider’s own error shape. The request journal',
    '(`GET /__sandbox/requests`) shows the same code with what was checked. This page is generated from the',
    'code (`npm run docs:reasons`) and a test keeps the two in sync.',
    '',
    '## Codes every provider emits',
    '',
    'The runtime’s own checks, the same for every provider: replace `<PROVIDER>` with the provider’s name',
    '(`XCOVER_BODY_INVALID`, ...). The status is the usual one; a provider may answer a validation or',
    'idempotency failure with its own status, noted in its section.',
    '',
    table(RUNTIME_REASONS, (code) => `<PROVIDER>_${code}`),
  ];
  for (const provider of PROVIDERS) {
    sections.push(
      '',
      `## ${provider.name}`,
      '',
      table(provider.reasons, (code) => code),
    );
  }
  return `${sections.join('\n')}\n`;
}

test('docs/reason-codes.md lists exactly the codes the sandbox emits, with meaning and fix', () => {
  const expected = renderReasonCodes();
  if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, expected);
  expect(readFileSync(DOC, 'utf8')).toBe(expected);
});

test('every catalogue entry explains itself', () => {
  const catalogues: ReasonCatalogue[] = [RUNTIME_REASONS, ...PROVIDERS.map((provider) => provider.reasons)];
  for (const catalogue of catalogues) {
    for (const [code, entry] of Object.entries(catalogue)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.meaning.length).toBeGreaterThan(10);
      expect(entry.fix.length).toBeGreaterThan(5);
      expect(entry.status).toBeGreaterThanOrEqual(400);
    }
  }
});
