/**
 * Injected faults for resilience tests (as WireMock and MockServer offer): a matching request is answered
 * with the given status (and body), optionally after a delay, a given number of times. A fault with only a
 * delay lets the request through late, which is how a test holds a request "in flight".
 */
export interface FaultRule {
  readonly id: number;
  readonly method: string | undefined;
  readonly operationId: string | undefined;
  /** Matches when the request path contains this text. */
  readonly pathContains: string | undefined;
  readonly status: number | undefined;
  readonly body: unknown;
  readonly delayMs: number;
  /** Remaining times the rule applies; Infinity when unlimited. */
  remaining: number;
}

export type FaultInput = Omit<FaultRule, 'id' | 'remaining'> & { readonly times: number | undefined };

export class FaultSet {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultInput): FaultRule {
    const { times, ...rest } = input;
    const rule: FaultRule = { ...rest, id: this.nextId++, remaining: times ?? Number.POSITIVE_INFINITY };
    this.rules.push(rule);
    return rule;
  }

  /** The first rule matching the request, used up by one; undefined when none applies. */
  take(method: string, path: string, operationId: string): FaultRule | undefined {
    const rule = this.rules.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.method === undefined || candidate.method === method) &&
        (candidate.operationId === undefined || candidate.operationId === operationId) &&
        (candidate.pathContains === undefined || path.includes(candidate.pathContains)),
    );
    if (rule) rule.remaining -= 1;
    return rule;
  }

  list(): readonly FaultRule[] {
    return this.rules.filter((rule) => rule.remaining > 0);
  }

  clear(): void {
    this.rules = [];
  }
}

/** Validates the body of `POST /__sandbox/faults`; returns a message when it is not acceptable. */
export function parseFaultInput(body: unknown): FaultInput | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected a JSON object';
  const input = body as Record<string, unknown>;
  const known = ['method', 'operationId', 'pathContains', 'status', 'body', 'delayMs', 'times'];
  const unknown = Object.keys(input).filter((key) => !known.includes(key));
  if (unknown.length > 0) return `unknown field(s): ${unknown.join(', ')}`;
  const optionalString = (key: string): string | undefined | false =>
    input[key] === undefined ? undefined : typeof input[key] === 'string' ? (input[key] as string) : false;
  const method = optionalString('method');
  const operationId = optionalString('operationId');
  const pathContains = optionalString('pathContains');
  if (method === false || operationId === false || pathContains === false) {
    return 'method, operationId and pathContains must be strings';
  }
  const { status, delayMs, times } = input;
  if (
    status !== undefined &&
    !(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599)
  ) {
    return 'status must be an integer from 200 to 599';
  }
  if (
    delayMs !== undefined &&
    !(Number.isInteger(delayMs) && (delayMs as number) >= 0 && (delayMs as number) <= 60000)
  ) {
    return 'delayMs must be an integer from 0 to 60000';
  }
  if (times !== undefined && !(Number.isInteger(times) && (times as number) >= 1)) {
    return 'times must be a positive integer';
  }
  if (status === undefined && delayMs === undefined) return 'a fault needs a status, a delayMs, or both';
  return {
    method: method?.toUpperCase(),
    operationId,
    pathContains,
    status: status as number | undefined,
    body: input.body,
    delayMs: (delayMs as number | undefined) ?? 0,
    times: times as number | undefined,
  };
}
