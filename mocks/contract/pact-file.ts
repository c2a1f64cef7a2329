import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ContractError } from './contract-error';
import { checkSupportedGenerators } from './generators';
import { checkSupportedResponse } from './response-match';
import type { MatchingRules } from './rules';

/** A Pact V4 contract as committed in `contracts/`: who wrote it, for whom, and its HTTP interactions. */
export interface PactContract {
  readonly file: string;
  readonly consumer: string;
  readonly provider: string;
  readonly interactions: readonly PactInteraction[];
}

export interface ProviderState {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface PactBody {
  readonly content: unknown;
  readonly contentType?: string;
  /** `base64` for binary bodies; false (or absent) for text and JSON. */
  readonly encoded?: string | false;
}

/** Generators by category: `path` is one generator, the others map a name or a JSON path to one. */
export interface PactGenerators {
  readonly path?: PactGenerator;
  readonly header?: Readonly<Record<string, PactGenerator>>;
  readonly query?: Readonly<Record<string, PactGenerator>>;
  readonly body?: Readonly<Record<string, PactGenerator>>;
}

export interface PactGenerator {
  readonly type: string;
  /** ProviderState: the expression, `${name}` placeholders filled from the states' answers. */
  readonly expression?: string;
}

export interface PactRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, readonly string[]>>;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly body?: PactBody;
  readonly generators?: PactGenerators;
}

export interface PactResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly body?: PactBody;
  readonly matchingRules?: MatchingRules;
}

export interface PactInteraction {
  readonly description: string;
  /**
   * Pact V4 `pending`, on the interaction or on the whole pact: its failure is reported as pending and does not
   * fail the run (a new expectation the provider is not held to yet).
   */
  readonly pending: boolean;
  readonly providerStates: readonly ProviderState[];
  readonly request: PactRequest;
  readonly response: PactResponse;
}

type Json = Record<string, unknown>;

const HTTP_INTERACTION = 'Synchronous/HTTP';

/**
 * Reads a contract. Only what can be replayed faithfully is accepted: HTTP interactions, with matching rules and
 * generators this replayer implements; anything else is refused up front, naming it.
 */
export function readContract(file: string): PactContract {
  return checkedContract(file, parseFile(file));
}

function parseFile(file: string): Json {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Json;
    throw new Error('not a JSON object');
  } catch (error) {
    throw new ContractError(`${file}: not a readable JSON contract (${(error as Error).message})`);
  }
}

const partyName = (parsed: Json, field: string) =>
  ((parsed[field] as Json | undefined)?.name as string | undefined) ?? '';

function checkedContract(file: string, parsed: Json): PactContract {
  const interactions = (Array.isArray(parsed.interactions) ? parsed.interactions : []) as Json[];
  const pactPending = parsed.pending === true;
  return {
    file,
    consumer: partyName(parsed, 'consumer'),
    provider: partyName(parsed, 'provider'),
    interactions: interactions.map((interaction) => {
      const where = `${file}: interaction "${String(interaction.description)}"`;
      if (interaction.type !== undefined && interaction.type !== HTTP_INTERACTION)
        throw new ContractError(`${where}: ${String(interaction.type)} interactions cannot be replayed`);
      const request = interaction.request as PactRequest;
      const response = interaction.response as PactResponse;
      checkSupportedResponse(response, where);
      checkSupportedGenerators(request.generators, `${where} (request)`);
      return {
        description: String(interaction.description),
        pending: pactPending || interaction.pending === true,
        providerStates: ((interaction.providerStates as ProviderState[] | undefined) ?? []).map((state) => ({
          name: state.name,
          params: state.params ?? {},
        })),
        request,
        response,
      };
    }),
  };
}

/**
 * The contracts for `provider` among `paths` (files, or directories whose `*.json` are read in name order): only
 * those are checked, so that a matcher another provider's contract uses is no concern of this one's verification.
 */
export function readContractsFor(provider: string, paths: readonly string[]): PactContract[] {
  const files = paths.flatMap((path) =>
    statSync(path, { throwIfNoEntry: false })?.isDirectory()
      ? readdirSync(path)
          .filter((file) => file.endsWith('.json'))
          .sort()
          .map((file) => join(path, file))
      : [path],
  );
  const contracts: PactContract[] = [];
  for (const file of files) {
    if (!existsSync(file)) throw new ContractError(`${file}: no such contract`);
    const parsed = parseFile(file);
    if (partyName(parsed, 'provider') === provider) contracts.push(checkedContract(file, parsed));
  }
  return contracts;
}

/** Every contract in a directory (`*.json`), in name order. */
export function readContracts(directory: string): PactContract[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => readContract(join(directory, file)));
}
