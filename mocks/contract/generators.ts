import { randomUUID } from 'node:crypto';
import { ContractError } from './contract-error';
import { ANY, parseJsonPath, type PathToken } from './json-path';
import type { PactGenerator, PactGenerators } from './pact-file';

/**
 * The request generators a replay runs: `ProviderState` (a value the provider states answered, e.g. the id
 * of the booking a state created) and `Uuid` (a fresh UUID each replay, e.g. an idempotency key that must
 * not repeat). A contract using another generator is refused.
 */
const SUPPORTED_GENERATORS = new Set(['ProviderState', 'Uuid']);

/** Refuses, naming it, a generator the replay cannot run. */
export function checkSupportedGenerators(generators: PactGenerators | undefined, where: string): void {
  const each = (category: string, name: string, generator: PactGenerator) => {
    if (!SUPPORTED_GENERATORS.has(generator.type))
      throw new ContractError(`${where}: unsupported generator "${generator.type}" at ${category} ${name}`);
    if (category === 'body') parseJsonPath(name);
  };
  for (const [category, value] of Object.entries(generators ?? {})) {
    if (category === 'path') each(category, '', value as PactGenerator);
    else if (['header', 'query', 'body'].includes(category)) {
      for (const [name, generator] of Object.entries(value as Record<string, PactGenerator>))
        each(category, name, generator);
    } else throw new ContractError(`${where}: generators on "${category}" are not supported`);
  }
}

/** A missing provider-state value: the interaction fails with this message. */
export class MissingStateValue extends Error {
  override readonly name = 'MissingStateValue';
}

/**
 * The value a generator produces. A ProviderState expression that is exactly `${name}` yields the
 * state's value as it is (a number stays a number); any other expression is filled in as text.
 */
export function generate(generator: PactGenerator, stateValues: Readonly<Record<string, unknown>>): unknown {
  if (generator.type === 'Uuid') return randomUUID();
  const expression = generator.expression ?? '';
  const lookup = (name: string) => {
    if (!Object.hasOwn(stateValues, name))
      throw new MissingStateValue(`the provider states answered no "${name}" (needed by ${expression})`);
    return stateValues[name];
  };
  const whole = /^\$\{([^}]+)\}$/.exec(expression);
  if (whole) return lookup(whole[1] as string);
  return expression.replace(/\$\{([^}]+)\}/g, (_, name: string) => String(lookup(name)));
}

/** Sets the value at a JSON path in a copy of `body`, every item or field where the path says `*`. */
export function setAtPath(body: unknown, path: string, value: () => unknown): unknown {
  return setTokens(body, parseJsonPath(path), value);
}

function setTokens(node: unknown, tokens: readonly PathToken[], value: () => unknown): unknown {
  const [token, ...rest] = tokens;
  if (token === undefined) return value();
  if (Array.isArray(node)) {
    return node.map((item, index) =>
      token === ANY || token === index ? setTokens(item, rest, value) : item,
    );
  }
  if (typeof node === 'object' && node !== null) {
    return Object.fromEntries(
      Object.entries(node).map(([field, item]) => [
        field,
        token === ANY || String(token) === field ? setTokens(item, rest, value) : item,
      ]),
    );
  }
  return node;
}
