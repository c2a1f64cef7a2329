/**
 * Every input of the `/__sandbox/` control surface, checked in one place against a small schema per
 * endpoint: types, ranges and lengths, unknown fields refused, names looked up without the object
 * prototype. A parser returns the value to act on, or throws a ControlRefusal the router answers with;
 * nothing is changed before the whole input has passed.
 */
import { CONNECTION_FAULTS, MAX_ACTIVE_FAULTS, type ConnectionFault, type FaultInput } from './faults';
import { MAX_LATENCY_MS, type Latency } from './latency';
import { RUNTIME_REASONS, type RuntimeReason } from './reasons';

/** A control request refused: the reason code (its status comes from the catalogue) and a message. */
export class ControlRefusal extends Error {
  override readonly name = 'ControlRefusal';
  constructor(
    readonly reason: RuntimeReason,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return RUNTIME_REASONS[this.reason].status;
  }
}

function refuse(message: string, reason: RuntimeReason = 'CONTROL_INVALID'): never {
  throw new ControlRefusal(reason, message);
}

// ---- field checks ----

/** A JSON object with only the fields named (own keys; `__proto__` is an unknown field like any other). */
function objectWith(value: unknown, fields: readonly string[], shape: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse(`expected ${shape}`);
  const unknown = Object.keys(value).filter((key) => !fields.includes(key));
  if (unknown.length > 0) refuse(`unknown field(s): ${unknown.slice(0, 10).join(', ')}; expected ${shape}`);
  return value as Record<string, unknown>;
}

function integerIn(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    refuse(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function stringOf(value: unknown, name: string, maxLength: number, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.length > maxLength || (pattern && !pattern.test(value))) {
    refuse(
      `${name} must be a string of at most ${maxLength} characters${pattern ? ` matching ${pattern}` : ''}`,
    );
  }
  return value;
}

const optional = <T>(value: unknown, check: (present: unknown) => T): T | undefined =>
  value === undefined ? undefined : check(value);

const METHOD = /^[A-Za-z]{1,16}$/;

// ---- POST /__sandbox/clock ----

export type ClockChange =
  | { readonly kind: 'freeze'; readonly atMs: number }
  | { readonly kind: 'advance'; readonly seconds: number }
  | { readonly kind: 'real' };

/** The clock stays within years 1970 to 9999: every date the providers format or parse has four digits. */
export const EARLIEST_INSTANT_MS = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** The largest move at once: a hundred years. */
export const MAX_ADVANCE_SECONDS = 100 * 365.25 * 24 * 3600;

const CLOCK_SHAPE = 'exactly one of {"now": RFC 3339 date-time}, {"advanceSeconds": N}, {"real": true}';

/** Validates a clock change against the clock's current instant (`nowMs`): the result must stay in range. */
export function parseClockChange(body: unknown, nowMs: number): ClockChange {
  const input = objectWith(body, ['now', 'advanceSeconds', 'real'], CLOCK_SHAPE);
  if (Object.keys(input).length !== 1) refuse(`send ${CLOCK_SHAPE}`);
  let change: ClockChange;
  let resultMs: number;
  if ('now' in input) {
    const atMs = typeof input.now === 'string' ? parseRfc3339(input.now) : undefined;
    if (atMs === undefined) {
      refuse('"now" must be an RFC 3339 date-time, e.g. "2030-01-02T03:04:05Z" (no leap seconds)');
    }
    change = { kind: 'freeze', atMs };
    resultMs = atMs;
  } else if ('advanceSeconds' in input) {
    const seconds = input.advanceSeconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || Math.abs(seconds) > MAX_ADVANCE_SECONDS) {
      refuse(`"advanceSeconds" must be a number from -${MAX_ADVANCE_SECONDS} to ${MAX_ADVANCE_SECONDS}`);
    }
    change = { kind: 'advance', seconds };
    resultMs = nowMs + seconds * 1000;
  } else {
    if (input.real !== true) refuse(`send ${CLOCK_SHAPE}`);
    return { kind: 'real' };
  }
  if (!(resultMs >= EARLIEST_INSTANT_MS && resultMs <= LATEST_INSTANT_MS)) {
    refuse('the clock must stay between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z');
  }
  return change;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Milliseconds since the epoch of an RFC 3339 date-time (section 5.6), undefined for anything else: a
 * date alone, RFC 1123, an impossible day, a second 60 (a leap second the clock cannot represent).
 */
export function parseRfc3339(text: string): number | undefined {
  const parts = RFC3339.exec(text);
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as number[];
  const [offsetHours, offsetMinutes] = [Number(parts[10] ?? 0), Number(parts[11] ?? 0)];
  const sign = parts[9] === '-' ? -1 : 1;
  const daysInMonth = new Date(Date.UTC(year as number, month as number, 0)).getUTCDate();
  if (
    (month as number) < 1 ||
    (month as number) > 12 ||
    (day as number) < 1 ||
    (day as number) > daysInMonth ||
    (hour as number) > 23 ||
    (minute as number) > 59 ||
    (second as number) > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return undefined;
  }
  const fraction = Number(`0.${parts[7] ?? '0'}`);
  const utc = new Date(0);
  utc.setUTCFullYear(year as number, (month as number) - 1, day);
  utc.setUTCHours(hour as number, minute, second, Math.floor(fraction * 1000));
  return utc.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

// ---- GET /__sandbox/requests ----

export interface JournalFilter {
  readonly since?: number;
  readonly status?: number;
  readonly reason?: string;
  readonly operationId?: string;
  readonly method?: string;
  readonly pathContains?: string;
  readonly limit?: number;
}

const FILTERS = ['since', 'status', 'reason', 'operationId', 'method', 'pathContains', 'limit'];

/**
 * The journal's filters from the query (as Express parses it: a repeated name becomes a list). Each
 * filter is given at most once, as text; numbers are decimal integers in range.
 */
export function parseJournalFilter(query: unknown): JournalFilter {
  const input = objectWith(query, FILTERS, `filters among ${FILTERS.join(', ')}`);
  for (const [name, value] of Object.entries(input)) {
    if (typeof value !== 'string') refuse(`give the filter ${name} once, as text`);
  }
  const number = (name: string, min: number, max: number) =>
    optional(input[name], (text) => {
      if (!/^\d{1,16}$/.test(text as string)) refuse(`${name} must be an integer from ${min} to ${max}`);
      return integerIn(Number(text), name, min, max);
    });
  const text = (name: string, maxLength: number, pattern?: RegExp) =>
    optional(input[name], (value) => stringOf(value, name, maxLength, pattern));
  return {
    since: number('since', 0, Number.MAX_SAFE_INTEGER),
    status: number('status', 100, 599),
    reason: text('reason', 128),
    operationId: text('operationId', 256),
    method: text('method', 16, METHOD)?.toUpperCase(),
    pathContains: text('pathContains', 1024),
    limit: number('limit', 1, 100_000),
  };
}

// ---- POST /__sandbox/faults (and the config file's `faults`, `latency`) ----

/** The body a fault may bring, serialized: it is answered as it is, and listed by `GET /__sandbox/faults`. */
export const MAX_FAULT_BODY_BYTES = 16 * 1024;
const MAX_FAULT_TIMES = 1_000_000;
const FAULT_FIELDS = [
  'operationId',
  'method',
  'path',
  'pathContains',
  'header',
  'credential',
  'probability',
  'seed',
  'times',
  'status',
  'body',
  'retryAfterSeconds',
  'delayMs',
  'latency',
  'connection',
  'trickleMs',
  'afterCommit',
  'hold',
];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

function booleanOf(value: unknown, name: string): boolean {
  return typeof value === 'boolean' ? value : refuse(`${name} must be true or false`);
}

function numberIn(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    refuse(`${name} must be a number from ${min} to ${max}`);
  }
  return value;
}

const LATENCY_SHAPE =
  '{"distribution": "fixed", "ms"} or {"distribution": "uniform", "minMs", "maxMs"} or {"distribution": "lognormal", "medianMs", "sigma", "maxMs"?}';

/** A latency distribution (`latency` of a fault, the config's global `latency`): every time within 0 to 60 s. */
export function parseLatency(value: unknown, name = 'latency'): Latency {
  const distribution = (value as { distribution?: unknown } | null)?.distribution;
  const ms = (field: string, input: Record<string, unknown>) =>
    integerIn(input[field], `${name}.${field}`, 0, MAX_LATENCY_MS);
  if (distribution === 'fixed') {
    const input = objectWith(value, ['distribution', 'ms'], LATENCY_SHAPE);
    return { distribution, ms: ms('ms', input) };
  }
  if (distribution === 'uniform') {
    const input = objectWith(value, ['distribution', 'minMs', 'maxMs'], LATENCY_SHAPE);
    const [minMs, maxMs] = [ms('minMs', input), ms('maxMs', input)];
    if (minMs > maxMs) refuse(`${name}.minMs must not exceed ${name}.maxMs`);
    return { distribution, minMs, maxMs };
  }
  if (distribution === 'lognormal') {
    const input = objectWith(value, ['distribution', 'medianMs', 'sigma', 'maxMs'], LATENCY_SHAPE);
    return {
      distribution,
      medianMs: ms('medianMs', input),
      sigma: numberIn(input.sigma, `${name}.sigma`, 0, 4),
      ...(input.maxMs === undefined ? {} : { maxMs: ms('maxMs', input) }),
    };
  }
  return refuse(`${name} must be ${LATENCY_SHAPE}`);
}

/**
 * Validates a fault rule. `operationIds` are the spec's, the only ones a fault may name (undefined: not checked
 * yet, as in the config file before the spec is read); `credentialNames` the provider's credential fields, the
 * only ones `credential` may name.
 */
export function parseFaultInput(
  body: unknown,
  operationIds: ReadonlySet<string> | undefined,
  credentialNames: readonly string[] = [],
): FaultInput {
  const input = objectWith(body, FAULT_FIELDS, `a fault with fields among ${FAULT_FIELDS.join(', ')}`);
  const operationId = optional(input.operationId, (value) => stringOf(value, 'operationId', 256));
  if (operationId !== undefined && operationIds !== undefined && !operationIds.has(operationId)) {
    refuse(`operationId "${operationId}" names no operation of the spec`);
  }
  const credential = optional(input.credential, (value) => stringOf(value, 'credential', 128));
  if (credential !== undefined && !credentialNames.includes(credential)) {
    refuse(`credential must name a credential field: one of ${credentialNames.join(', ')}`);
  }
  const connection = optional(input.connection, (value) =>
    CONNECTION_FAULTS.includes(value as ConnectionFault)
      ? (value as ConnectionFault)
      : refuse(`connection must be one of ${CONNECTION_FAULTS.join(', ')}`),
  );
  const fault: FaultInput = {
    operationId,
    method: optional(input.method, (value) => stringOf(value, 'method', 16, METHOD))?.toUpperCase(),
    path: optional(input.path, (value) => stringOf(value, 'path', 1024, /^\//)),
    pathContains: optional(input.pathContains, (value) => stringOf(value, 'pathContains', 1024)),
    header: optional(input.header, parseHeaderMatch),
    credential,
    probability: optional(input.probability, (value) => numberIn(value, 'probability', 0, 1)) ?? 1,
    seed: optional(input.seed, (value) => integerIn(value, 'seed', 0, 0xffffffff)),
    times: optional(input.times, (value) => integerIn(value, 'times', 1, MAX_FAULT_TIMES)),
    status: optional(input.status, (value) => integerIn(value, 'status', 200, 599)),
    body: input.body,
    retryAfterSeconds: optional(input.retryAfterSeconds, (value) =>
      integerIn(value, 'retryAfterSeconds', 0, 86_400),
    ),
    delayMs: optional(input.delayMs, (value) => integerIn(value, 'delayMs', 0, MAX_LATENCY_MS)) ?? 0,
    latency: optional(input.latency, (value) => parseLatency(value)),
    connection,
    trickleMs: optional(input.trickleMs, (value) => integerIn(value, 'trickleMs', 0, MAX_LATENCY_MS)),
    afterCommit: optional(input.afterCommit, (value) => booleanOf(value, 'afterCommit')) ?? false,
    hold: optional(input.hold, (value) => booleanOf(value, 'hold')) ?? false,
  };
  if (fault.body !== undefined) {
    let serialized: string;
    try {
      serialized = JSON.stringify(fault.body);
    } catch {
      refuse('body is nested too deeply to be sent');
    }
    if (Buffer.byteLength(serialized) > MAX_FAULT_BODY_BYTES) {
      refuse(`body must serialize to at most ${MAX_FAULT_BODY_BYTES} bytes`);
    }
  }
  const answers = fault.status !== undefined || fault.connection !== undefined;
  if (!answers && fault.delayMs === 0 && fault.latency === undefined && !fault.hold) {
    refuse('a fault needs an effect: a status, a connection fault, a delayMs, a latency or "hold": true');
  }
  if (fault.afterCommit && !answers)
    refuse('afterCommit needs a status or a connection fault to answer with');
  return fault;
}

function parseHeaderMatch(value: unknown): { name: string; value?: string } {
  const input = objectWith(value, ['name', 'value'], '{"name": "<header>", "value"?: "<exact value>"}');
  const name = stringOf(input.name, 'header.name', 128, HEADER_NAME).toLowerCase();
  const exact = optional(input.value, (text) => stringOf(text, 'header.value', 1024));
  return exact === undefined ? { name } : { name, value: exact };
}

/** The config file's `faults`: a list of rules, as `POST /__sandbox/faults` takes them. */
export function parseFaultList(
  value: unknown,
  operationIds: ReadonlySet<string> | undefined,
  credentialNames: readonly string[],
): FaultInput[] {
  if (!Array.isArray(value) || value.length > MAX_ACTIVE_FAULTS) {
    refuse(`faults must be a list of at most ${MAX_ACTIVE_FAULTS} rules`);
  }
  return value.map((rule, index) => {
    try {
      return parseFaultInput(rule, operationIds, credentialNames);
    } catch (error) {
      if (error instanceof ControlRefusal) refuse(`faults[${index}]: ${error.message}`);
      throw error;
    }
  });
}

/** The `{id}` of `/__sandbox/faults/{id}/release`. */
export function parseFaultId(text: string): number {
  if (!/^\d{1,16}$/.test(text)) refuse('a fault id is a positive integer', 'FAULT_NOT_FOUND');
  return Number(text);
}

/** A journal entry id, as `X-Sandbox-Journal` URLs carry it. */
export function parseJournalId(text: string): number {
  if (!/^\d{1,16}$/.test(text)) refuse('a journal entry id is a positive integer', 'JOURNAL_ENTRY_NOT_FOUND');
  return Number(text);
}

// ---- POST /__sandbox/provider-states ----

export interface ProviderStateCall {
  /** Undefined for Pact's call without a state (an interaction given none): nothing to do. */
  readonly name: string | undefined;
  readonly params: Readonly<Record<string, unknown>>;
  readonly action: 'setup' | 'teardown';
}

/**
 * Validates Pact's state-change call, `{"state", "params", "action"}` as Pact verifiers send it (`action`
 * optional, default setup); an empty or missing state is no state. A name must be one of `states`' own keys
 * (never `constructor`...).
 */
export function parseProviderStateCall(
  body: unknown,
  states: Readonly<Record<string, unknown>> | undefined,
): ProviderStateCall {
  const shape = '{"state": "<name>", "params": {...}, "action": "setup" | "teardown"}';
  const input = objectWith(body, ['state', 'params', 'action'], shape);
  const name = input.state === undefined || input.state === null ? '' : stringOf(input.state, 'state', 256);
  const params = input.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) refuse(`expected ${shape}`);
  const action = input.action ?? 'setup';
  if (action !== 'setup' && action !== 'teardown') refuse(`action must be "setup" or "teardown"`);
  if (name !== '' && (!states || !Object.hasOwn(states, name))) {
    refuse(`unknown provider state "${name}"`, 'PROVIDER_STATE_UNKNOWN');
  }
  return { name: name === '' ? undefined : name, params: params as Record<string, unknown>, action };
}
