import { requestExample, responseExample, type LoadedSpec } from './spec';

/**
 * The spec's examples as handlers build answers from them: looked up once per spec and operation, then kept as a
 * deep-frozen copy, so a handler can hand parts of one out without copying and none can change it for the next
 * request (or change the spec document Prism answers from).
 */
const kept = new WeakMap<LoadedSpec, Map<string, unknown>>();

function keptExample(spec: LoadedSpec, key: string, read: () => unknown): unknown {
  let examples = kept.get(spec);
  if (examples === undefined) {
    examples = new Map();
    kept.set(spec, examples);
  }
  if (!examples.has(key)) examples.set(key, deepFreeze(structuredClone(read())));
  return examples.get(key);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** `responseExample`, kept and frozen. */
export function cachedResponseExample(spec: LoadedSpec, operationId: string, status: number): unknown {
  return keptExample(spec, `response ${operationId} ${status}`, () =>
    responseExample(spec, operationId, status),
  );
}

/** `requestExample`, kept and frozen. */
export function cachedRequestExample(spec: LoadedSpec, operationId: string): unknown {
  return keptExample(spec, `request ${operationId}`, () => requestExample(spec, operationId));
}
