/**
 * The set-up every provider's Pact consumer test shares, so that the test file holds only its interactions and
 * what its client does with the answers: a Pact V4 of our example integrator and the provider, written to a
 * temporary directory (removed after the file); `recorded`, which ends each test only once Pact's mock server
 * has recorded what it answered (see `pact-mock-server.ts`); and the closing check that the complete contract
 * is the committed one, which only `UPDATE_CONTRACTS=1` rewrites (see `committed-contract.ts`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInThisContext } from 'node:vm';
import { PactV4, SpecificationVersion, type V3MockServer } from '@pact-foundation/pact';
import { expectCommittedContract } from './committed-contract';
import { recordedBy } from './pact-mock-server';

/** The consumer of every committed contract: the example integrator the consumer tests play. */
export const CONSUMER = 'partner-sandbox-example-integrator';

/** Where the contract between our integrator and `provider` is committed (what the provider side verifies). */
export function committedContractFile(provider: string): string {
  return resolve(__dirname, '../../contracts', `${CONSUMER}-${provider}.json`);
}

/**
 * Pact's native core (which would send a usage event) reads the real environment, and Jest gives each test
 * file a copy of process.env: set it in both.
 */
export function keepPactFromTracking(): void {
  process.env.PACT_DO_NOT_TRACK = 'true';
  (runInThisContext('process') as NodeJS.Process).env.PACT_DO_NOT_TRACK = 'true';
}

/**
 * Any UUID, a fresh one each time the contract is replayed (Pact's `Uuid` generator), the example as the client
 * sends it: for a value a server refuses twice (an order id, an idempotency key) in an interaction without a
 * provider state, so the contract passes again on a server that keeps what it has seen. Typed as the string
 * it stands for, so it fits the client's request types.
 */
export function freshUuid(example: string): string {
  return {
    'pact:matcher:type': 'regex',
    regex: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
    'pact:generator:type': 'Uuid',
    value: example,
  } as unknown as string;
}

export interface WrittenContract {
  readonly consumer: { readonly name: string };
  readonly provider: { readonly name: string };
  readonly interactions: readonly { readonly description: string }[];
}

export interface ConsumerPact {
  readonly pact: PactV4;
  /** Wraps a test for `executeTest`: it ends once the mock server has recorded what it answered. */
  readonly recorded: (
    test: (mockServer: V3MockServer) => Promise<void>,
  ) => (mockServer: V3MockServer) => Promise<void>;
  /**
   * Fails unless the contract Pact has written so far (every interaction of the file, in a last test) names
   * our consumer and the provider and is the committed one; returns it for the test's own checks.
   */
  expectContractCommitted(): WrittenContract;
}

/** A consumer Pact for the surrounding `describe` block (it registers the clean-up). */
export function consumerPact(provider: string): ConsumerPact {
  keepPactFromTracking();
  // Pact merges the interactions into the file after every test: a fresh directory, compared at the end.
  const workDir = mkdtempSync(join(tmpdir(), `${provider}-pact-`));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  const pact = new PactV4({
    consumer: CONSUMER,
    provider,
    dir: workDir,
    logLevel: 'warn',
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
  });
  const committedFile = committedContractFile(provider);
  const writtenFile = join(workDir, `${CONSUMER}-${provider}.json`);
  return {
    pact,
    recorded: (test) => recordedBy(pact, test),
    expectContractCommitted() {
      const written = JSON.parse(readFileSync(writtenFile, 'utf8')) as WrittenContract;
      expect([written.consumer.name, written.provider.name]).toEqual([CONSUMER, provider]);
      expectCommittedContract(writtenFile, committedFile);
      return written;
    },
  };
}
