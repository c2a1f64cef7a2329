/**
 * The replay every provider's Pact provider test shares, so that the test file holds only its signing and what
 * it expects the sandbox to have answered: the committed contract (see `pact-consumer.ts`) replayed by Pact's
 * verifier against the provider's sandbox, in-process on an ephemeral port (every answer checked against the
 * spec). Each state the contract names is set up as a partner drives a running sandbox, through its control
 * endpoint `POST /__sandbox/provider-states` (as `partner-sandbox verify` does), and Pact injects the answer
 * (ids, tokens) into the requests. The sandbox is reset before every interaction, stateless ones included.
 */
import { readFileSync } from 'node:fs';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import type { RequestHandler } from 'express';
import type { JournalEntry } from '../../mocks/runtime/journal';
import type { ProviderDefinition } from '../../mocks/runtime/provider';
import { committedContractFile, keepPactFromTracking } from './pact-consumer';
import { providerState, useTestSandbox } from './sandbox';

export interface SandboxVerificationOptions<State> {
  readonly provider: ProviderDefinition<State>;
  /**
   * Signs each replayed request afresh (Pact's `requestFilter`), where the contract's example signatures cannot
   * pass: it runs after the verification proxy's JSON body parser, on the path actually sent.
   */
  readonly sign?: RequestHandler;
}

export interface SandboxVerification {
  /**
   * Replays the committed contract: resolves with the verifier's output, rejects when an interaction fails.
   * `sign: false` replays the contract's requests as they are; another handler replaces the signing.
   */
  verify(options?: { readonly sign?: RequestHandler | false }): Promise<string>;
  /** What the sandbox answered during the last `verify`: `operationId status reason` (`-` for none), sorted. */
  answered(): string[];
  /** The same answers as journal entries, in order. */
  journal(): readonly JournalEntry[];
  /** How many interactions the committed contract holds. */
  readonly interactionCount: number;
}

interface ContractInteraction {
  readonly providerStates?: readonly { readonly name: string }[];
}

/** Verification of the committed contract against `provider`'s sandbox, for the surrounding `describe` block. */
export function verifyAgainstSandbox<State>({
  provider,
  sign,
}: SandboxVerificationOptions<State>): SandboxVerification {
  keepPactFromTracking();
  const contractFile = committedContractFile(provider.name);
  const { interactions } = JSON.parse(readFileSync(contractFile, 'utf8')) as {
    interactions: readonly ContractInteraction[];
  };
  const running = useTestSandbox(provider);
  const stateNames = new Set(
    interactions.flatMap((interaction) => (interaction.providerStates ?? []).map((state) => state.name)),
  );
  const stateHandlers: NonNullable<VerifierOptions['stateHandlers']> = {
    // Interactions without a state: the reset before each is all they need (Pact calls this with '').
    '': async () => undefined,
    ...Object.fromEntries(
      [...stateNames].map((name) => [
        name,
        (params?: unknown) => providerState(running().url, name, (params ?? {}) as Record<string, unknown>),
      ]),
    ),
  };
  let answered: JournalEntry[] = [];
  return {
    interactionCount: interactions.length,
    async verify(options = {}) {
      answered = [];
      const requestFilter = options.sign === undefined ? sign : options.sign || undefined;
      return new Verifier({
        provider: provider.name,
        providerBaseUrl: running().url,
        pactUrls: [contractFile],
        logLevel: 'warn',
        stateHandlers,
        ...(requestFilter === undefined ? {} : { requestFilter }),
        beforeEach: async () => {
          running().sandbox.reset();
        },
        afterEach: async () => {
          answered.push(...running().sandbox.journal.list());
        },
      }).verifyProvider();
    },
    answered: () =>
      answered.map((entry) => `${entry.operationId} ${entry.status} ${entry.reason ?? '-'}`).sort(),
    journal: () => answered,
  };
}
