import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractDifferences, expectCommittedContract } from './committed-contract';

const contract = (overrides: { version?: string; status?: number; description?: string } = {}) =>
  JSON.stringify({
    consumer: { name: 'c' },
    provider: { name: 'p' },
    interactions: [
      { description: overrides.description ?? 'one', response: { status: overrides.status ?? 200 } },
    ],
    metadata: {
      'pact-js': { version: overrides.version ?? '16.4.0' },
      pactSpecification: { version: '4.0' },
    },
  });

function files(committed: string, written: string) {
  const dir = mkdtempSync(join(tmpdir(), 'committed-contract-'));
  writeFileSync(join(dir, 'committed.json'), committed);
  writeFileSync(join(dir, 'written.json'), written);
  return { committed: join(dir, 'committed.json'), written: join(dir, 'written.json') };
}

describe('expectCommittedContract', () => {
  const saved = process.env.UPDATE_CONTRACTS;
  afterEach(() => {
    if (saved === undefined) delete process.env.UPDATE_CONTRACTS;
    else process.env.UPDATE_CONTRACTS = saved;
  });

  it('ignores the versions of the Pact libraries', () => {
    expect(contractDifferences(contract(), contract({ version: '17.0.0' }))).toEqual([]);
  });

  it('fails on a changed, added or removed interaction, saying which and how to rewrite', () => {
    delete process.env.UPDATE_CONTRACTS;
    const paths = files(contract(), contract({ status: 201 }));
    expect(() => expectCommittedContract(paths.written, paths.committed)).toThrow(
      /interaction "one": response\.status differs[\s\S]*UPDATE_CONTRACTS=1/,
    );
    expect(readFileSync(paths.committed, 'utf8')).toBe(contract());
    expect(contractDifferences(contract(), contract({ description: 'two' }))).toEqual([
      'added interaction "two"',
      'removed interaction "one"',
    ]);
  });

  it('rewrites the committed contract with UPDATE_CONTRACTS=1', () => {
    process.env.UPDATE_CONTRACTS = '1';
    const paths = files(contract(), contract({ status: 201 }));
    expectCommittedContract(paths.written, paths.committed);
    expect(readFileSync(paths.committed, 'utf8')).toBe(contract({ status: 201 }));
  });
});
