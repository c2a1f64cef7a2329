import type { Violation } from '../runtime/validation/violations';
import type { Judgement, JudgedAtSource } from './check-replay';

const SOURCE_WORDS: Readonly<Record<JudgedAtSource, string>> = {
  '--now': 'the time --now gives',
  'Date header': 'the time of its Date header, when it was signed',
  'HAR startedDateTime': 'the time the HAR entry started (it has no Date header)',
  'current time': 'the current time (it has no Date header)',
};

/**
 * The report of `check` for people: per request the verdict, the reason code with its meaning and fix,
 * and what the sandbox computed (the string to sign, digests, the spec violations), the way AWS shows
 * its string to sign on a signature mismatch. Everything shown comes from the journal, which redacts
 * credentials.
 */
export function formatJudgements(provider: string, judgements: readonly Judgement[]): string {
  const lines: string[] = [];
  for (const judgement of judgements) {
    if (lines.length > 0) lines.push('');
    lines.push(...judgementLines(judgement));
  }
  const refused = judgements.filter((judgement) => !judgement.accepted).length;
  lines.push('');
  lines.push(
    refused === 0
      ? `${provider}: ${judgements.length} of ${judgements.length} ${plural(judgements.length)} would be accepted`
      : `${provider}: ${refused} of ${judgements.length} ${plural(judgements.length)} would be refused`,
  );
  return `${lines.join('\n')}\n`;
}

function plural(count: number): string {
  return count === 1 ? 'request' : 'requests';
}

function judgementLines(judgement: Judgement): string[] {
  const lines = [`${judgement.label}: ${judgement.method} ${judgement.target ?? ''}`.trimEnd()];
  const rejudge = judgement.judgedAtSource === '--now' ? '' : ' (--now ISO judges at another time)';
  lines.push(`  judged as of ${judgement.judgedAt}, ${SOURCE_WORDS[judgement.judgedAtSource]}${rejudge}`);
  const refusal = judgement.refusal;
  if (judgement.accepted || refusal === undefined) {
    lines.push(
      `  ACCEPTED: operation ${judgement.operationId ?? '?'} (authentication, authorization and the spec pass)`,
    );
    lines.push(
      "    the provider's own handler did not run: its answer depends on state this offline check does not have",
    );
  } else {
    lines.push(
      `  REFUSED: ${refusal.status} ${refusal.reason ?? '(no reason code)'}${operationOf(judgement)}`,
    );
    if (refusal.meaning !== undefined) lines.push(...wrapped('meaning', refusal.meaning));
    if (refusal.fix !== undefined) lines.push(...wrapped('fix', refusal.fix));
    if (refusal.body !== undefined) lines.push(`    answer:  ${oneLine(refusal.body)}`);
  }
  if (judgement.nearMisses !== undefined && judgement.nearMisses.length > 0) {
    lines.push(`  closest operations: ${judgement.nearMisses.join(', ')}`);
  }
  if (!judgement.accepted) lines.push(...checkedLines(judgement.checked));
  return lines;
}

function operationOf(judgement: Judgement): string {
  return judgement.operationId === null ? '' : ` (operation ${judgement.operationId})`;
}

function wrapped(label: string, text: string): string[] {
  return [`    ${`${label}:`.padEnd(8)} ${text}`];
}

/** An answer body on one line, cut where it would fill the screen. */
function oneLine(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
}

/** What the sandbox computed, section by section (`auth` per scheme, `principal`, `violations`, ...). */
function checkedLines(checked: Readonly<Record<string, unknown>>): string[] {
  const entries = Object.entries(checked);
  if (entries.length === 0) return [];
  const lines = ['  what the sandbox computed:'];
  for (const [section, value] of entries) {
    if (section === 'violations' && Array.isArray(value)) {
      lines.push('    spec violations:');
      for (const violation of value as Violation[]) lines.push(`      ${violationLine(violation)}`);
    } else {
      lines.push(...fieldLines(section, value, '    '));
    }
  }
  return lines;
}

/**
 * A field: an object field by field, a list of plain values joined, a text of several lines (a string to
 * sign) line by line, exactly, between markers.
 */
function fieldLines(field: string, value: unknown, indent: string): string[] {
  const label = `${indent}${words(field)}:`;
  if (typeof value === 'string' && value.includes('\n')) {
    const text = value.split('\n').map((line) => `${indent}  ${line}`);
    return [`${label} (between the markers, exactly)`, `${indent}  ---`, ...text, `${indent}  ---`];
  }
  if (typeof value === 'string') return [`${label} ${value}`];
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return [`${label} ${value.map(String).join(', ')}`];
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const nested = Object.entries(value).flatMap(([name, item]) => fieldLines(name, item, `${indent}  `));
    return [label, ...nested];
  }
  return [`${label} ${oneLine(value)}`];
}

function violationLine(violation: Violation): string {
  const field = violation.field.length === 0 ? '' : ` ${violation.field.join('.')}`;
  return `${violation.in}${field}: ${violation.message} (${violation.keyword})`;
}

/** A field name in words (`stringToSignSha256` -> `string to sign sha256`); a name (`XCoverSignature`) as it is. */
function words(name: string): string {
  if (!/^[a-z]/.test(name)) return name;
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
