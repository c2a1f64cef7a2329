import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

/**
 * The committed contract is what providers verify against, so a consumer test never rewrites it silently:
 * Pact writes to a temporary directory, and this compares that file with the committed one. A difference
 * fails the test with what differs, unless `UPDATE_CONTRACTS=1`, which rewrites the committed file (then
 * commit it). Fields that change without the contract changing (the Pact library versions in `metadata`)
 * are ignored.
 */
export function expectCommittedContract(writtenFile: string, committedFile: string): void {
  const written = readFileSync(writtenFile, 'utf8');
  const committed = existsSync(committedFile) ? readFileSync(committedFile, 'utf8') : undefined;
  const differences =
    committed === undefined
      ? ['the committed contract does not exist']
      : contractDifferences(committed, written);
  if (differences.length === 0) return;
  if (process.env.UPDATE_CONTRACTS === '1') {
    // Staged then renamed: a provider test running at the same time reads a whole contract, old or new.
    const staged = `${committedFile}.${process.pid}.tmp`;
    writeFileSync(staged, written);
    renameSync(staged, committedFile);
    return;
  }
  const shown = relative(process.cwd(), committedFile);
  throw new Error(
    [
      `The consumer test would change the committed contract ${shown}:`,
      ...differences.slice(0, 20).map((line) => `  - ${line}`),
      ...(differences.length > 20 ? [`  ... and ${differences.length - 20} more`] : []),
      'If the change is intended, rewrite it with UPDATE_CONTRACTS=1 (e.g. `UPDATE_CONTRACTS=1 npx jest test/contract`),',
      'then verify the provider against it and commit the contract.',
    ].join('\n'),
  );
}

type Json = Record<string, unknown>;

/** What differs between two contracts, per interaction (by description), in words; empty when the same. */
export function contractDifferences(committedText: string, writtenText: string): string[] {
  const committed = JSON.parse(committedText) as Json;
  const written = JSON.parse(writtenText) as Json;
  const differences: string[] = [];
  for (const field of ['consumer', 'provider'])
    differences.push(...pathsThatDiffer(committed[field], written[field], field));
  differences.push(
    ...pathsThatDiffer(stableMetadata(committed.metadata), stableMetadata(written.metadata), 'metadata'),
  );
  const byDescription = (contract: Json) =>
    new Map(
      ((contract.interactions ?? []) as Json[]).map((interaction) => [
        String(interaction.description),
        interaction,
      ]),
    );
  const before = byDescription(committed);
  const after = byDescription(written);
  for (const [description, interaction] of after) {
    const old = before.get(description);
    if (old === undefined) differences.push(`added interaction "${description}"`);
    else
      differences.push(
        ...pathsThatDiffer(old, interaction, '').map(
          (path) => `interaction "${description}": ${path} differs`,
        ),
      );
  }
  for (const description of before.keys())
    if (!after.has(description)) differences.push(`removed interaction "${description}"`);
  return differences;
}

/** The metadata without the versions of the Pact libraries that wrote it (the specification version stays). */
function stableMetadata(metadata: unknown): unknown {
  const { pactSpecification } = (metadata ?? {}) as Json;
  return { pactSpecification };
}

function pathsThatDiffer(before: unknown, after: unknown, path: string): string[] {
  const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
  if (!isObject(before) || !isObject(after) || Array.isArray(before) !== Array.isArray(after))
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [path || '(whole)'];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((key) =>
    pathsThatDiffer(
      before[key],
      after[key],
      Array.isArray(before) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
    ),
  );
}
