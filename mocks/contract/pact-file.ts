import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContractError } from './contract-error';
import { checkSupportedGenerators } from './generators';
import { checkSupportedRules, type MatchingRules } from './rules';

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
  readonly providerStates: readonly ProviderState[];
  readonly request: PactRequest;
  readonly response: PactResponse;
}

type Json = Record<string, unknown>;

const HTTP_INTERACTION = 'Synchronous/HTTP';

/**
 * Reads a committed contract. Only what can be replayed faithfully is accepted: HTTP interactions, with
 * matching rules and generators this replayer implements; anything else is refused up front, naming it.
 */
export function readContract(file: string): PactContract {
  let parsed: Json;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch (error) {
    throw new ContractError(`${file}: not a readable JSON contract (${(error as Error).message})`);
  }
  const name = (field: string) => ((parsed[field] as Json | undefined)?.name as string | undefined) ?? '';
  const interactions = (Array.isArray(parsed.interactions) ? parsed.interactions : []) as Json[];
  const contract: PactContract = {
    file,
    consumer: name('consumer'),
    provider: name('provider'),
    interactions: interactions.map((interaction) => {
      const where = `${file}: interaction "${String(interaction.description)}"`;
      if (interaction.type !== undefined && interaction.type !== HTTP_INTERACTION)
        throw new ContractError(`${where}: ${String(interaction.type)} interactions cannot be replayed`);
      const request = interaction.request as PactRequest;
      const response = interaction.response as PactResponse;
      checkSupportedRules(response.matchingRules, `${where} (response)`);
      checkSupportedGenerators(request.generators, `${where} (request)`);
      return {
        description: String(interaction.description),
        providerStates: ((interaction.providerStates as ProviderState[] | undefined) ?? []).map((state) => ({
          name: state.name,
          params: state.params ?? {},
        })),
        request,
        response,
      };
    }),
  };
  return contract;
}

/** Every contract in a directory (`*.json`), in name order. */
export function readContracts(directory: string): PactContract[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => readContract(join(directory, file)));
}
