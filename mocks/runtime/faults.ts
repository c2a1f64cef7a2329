import picomatch from 'picomatch';
import { drawLatency, pause, type Latency } from './latency';
import { mulberry32, type RandomSource } from './seeded-random';

/**
 * Injected faults for resilience tests, as WireMock and MockServer offer them. A rule matches requests (by
 * operation, method, a glob over the path beneath the base, a header, the credential the caller used), fires
 * with a probability drawn from its own seeded generator at most `times` times, and then answers with a status
 * (the provider's own error body), waits (a fixed delay, a latency drawn from a distribution), breaks the
 * connection (drop, reset, truncate, malformed, trickle), or holds the request until a test releases it (the
 * deterministic way to keep a request in flight: wait for `held >= 1` in `GET /__sandbox/faults`).
 *
 * A fault never changes state: the provider's handler does not run for a request a fault answers, unless the
 * rule says `afterCommit`, where the work is done and then the answer is lost or replaced (the case an
 * integrator must handle: the provider booked, the client saw a 502).
 */

export const CONNECTION_FAULTS = ['drop', 'reset', 'truncate', 'malformed', 'trickle'] as const;
/**
 * `drop`: the connection closes before any byte; `reset`: headers and part of the body, then a TCP reset;
 * `truncate`: headers announce the whole body, part of it comes, then the connection ends; `malformed`: a
 * complete answer whose body does not parse; `trickle`: the whole body, a few bytes at a time.
 */
export type ConnectionFault = (typeof CONNECTION_FAULTS)[number];

/** What a rule matches; every criterion given must hold. */
export interface FaultMatch {
  readonly operationId?: string;
  readonly method?: string;
  /** A glob over the path beneath the base path (`/partners/*\/bookings/**`). */
  readonly path?: string;
  /** Matches when the request path (base path included) contains this text. */
  readonly pathContains?: string;
  /** A request header present, or with exactly this value. */
  readonly header?: { readonly name: string; readonly value?: string };
  /** The name of a credential in force (`apiKey`): matches requests authenticated with its value. */
  readonly credential?: string;
}

/** What a rule does once it fires. */
export interface FaultEffect {
  readonly status?: number;
  /** The body answered with `status`; default: the provider's own error body for that status. */
  readonly body?: unknown;
  /** `Retry-After` of a 429 or 503 (seconds, default 1 for a 429). */
  readonly retryAfterSeconds?: number;
  readonly delayMs: number;
  readonly latency?: Latency;
  readonly connection?: ConnectionFault;
  /** How long a `trickle` spreads the body over (default 2 s). */
  readonly trickleMs?: number;
  /** The provider's handler runs first (the work is done); then the fault answers instead. */
  readonly afterCommit: boolean;
  /** Matching requests wait until the fault is released (or cleared). */
  readonly hold: boolean;
}

export interface FaultInput extends FaultMatch, FaultEffect {
  /** The chance (0 to 1) a matching request is faulted. */
  readonly probability: number;
  /** Seeds the rule's generator (default 1): the same seed and requests give the same faults. */
  readonly seed?: number;
  /** How many times the rule may fire; unlimited when absent. */
  readonly times?: number;
}

export interface FaultRule extends Omit<FaultInput, 'times'> {
  readonly id: number;
  readonly seed: number;
  /** Remaining times the rule applies; Infinity when unlimited. */
  remaining: number;
  /** Times it fired so far. */
  fired: number;
}

/** A rule as `GET /__sandbox/faults` shows it: with the number of requests it holds right now. */
export type FaultView = FaultRule & { readonly held: number };

/** What a request is matched against. */
export interface FaultRequest {
  readonly method: string;
  /** The path as received (base path included). */
  readonly path: string;
  /** The path beneath the base path. */
  readonly relativePath: string;
  readonly operationId: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The credential values the caller authenticated with. */
  readonly keys: readonly string[];
}

/** A rule that fired for one request, with the wait drawn for it. */
export interface FaultFiring {
  readonly rule: FaultRule;
  readonly waitMs: number;
}

/** Active faults allowed at once: a test needs a handful; a runaway script must not fill the memory. */
export const MAX_ACTIVE_FAULTS = 100;
export const DEFAULT_FAULT_SEED = 1;

/** A rule with its path glob compiled once. */
export interface CompiledMatch {
  readonly rule: FaultMatch;
  readonly pathMatches: ((path: string) => boolean) | undefined;
}

interface Compiled extends CompiledMatch {
  readonly rule: FaultRule;
  readonly random: RandomSource;
}

/** A rule's path glob as a matcher (none when the rule has no `path`). */
export function compilePath(rule: FaultMatch): ((path: string) => boolean) | undefined {
  return rule.path === undefined ? undefined : picomatch(rule.path, { dot: true });
}

/** Whether every criterion the rule gives holds for the request (`credentials`: the values in force by name). */
export function faultMatches(
  { rule, pathMatches }: CompiledMatch,
  request: FaultRequest,
  credentials: Readonly<Record<string, string>>,
): boolean {
  if (rule.method !== undefined && rule.method !== request.method) return false;
  if (rule.operationId !== undefined && rule.operationId !== request.operationId) return false;
  if (rule.pathContains !== undefined && !request.path.includes(rule.pathContains)) return false;
  if (pathMatches && !pathMatches(request.relativePath)) return false;
  if (rule.header !== undefined) {
    const sent = request.headers[rule.header.name];
    const value = Array.isArray(sent) ? sent.join(', ') : sent;
    if (value === undefined || (rule.header.value !== undefined && value !== rule.header.value)) return false;
  }
  if (rule.credential !== undefined) {
    const key = Object.hasOwn(credentials, rule.credential) ? credentials[rule.credential] : undefined;
    if (key === undefined || !request.keys.includes(key)) return false;
  }
  return true;
}

/**
 * What the pipeline's fault step uses of a namespace's faults: `FaultSet` in memory; on a shared store, rules
 * read from the store, whose `take` answers asynchronously.
 */
export interface FaultSource {
  readonly empty: boolean;
  take(request: FaultRequest): FaultFiring | undefined | Promise<FaultFiring | undefined>;
  wait(firing: FaultFiring): Promise<void>;
}

export class FaultSet implements FaultSource {
  private rules: Compiled[] = [];
  /** The requests each holding rule keeps waiting: the functions that let them go. */
  private readonly waiting = new Map<FaultRule, (() => void)[]>();
  private nextId = 1;

  /** `credentials`: the values in force by name, for rules that match on `credential`. */
  constructor(private readonly credentials: Readonly<Record<string, string>> = {}) {}

  /** Whether no rule is in force (nor spent and not yet pruned): `take` would find nothing. */
  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** Whether another fault may be added (see MAX_ACTIVE_FAULTS). */
  get full(): boolean {
    return this.active().length >= MAX_ACTIVE_FAULTS;
  }

  add(input: FaultInput): FaultRule {
    const { times, ...rest } = input;
    const seed = input.seed ?? DEFAULT_FAULT_SEED;
    const rule: FaultRule = {
      ...rest,
      seed,
      id: this.nextId++,
      remaining: times ?? Number.POSITIVE_INFINITY,
      fired: 0,
    };
    const compiled: Compiled = { rule, random: mulberry32(seed), pathMatches: compilePath(rule) };
    this.rules = [...this.active(), compiled];
    return rule;
  }

  /**
   * The first matching rule that fires for the request (its probability drawn from its generator), used up
   * by one, with the wait drawn for it; undefined when none fires.
   */
  take(request: FaultRequest): FaultFiring | undefined {
    for (const compiled of this.rules) {
      const { rule, random } = compiled;
      if (rule.remaining <= 0 || !faultMatches(compiled, request, this.credentials)) continue;
      if (rule.probability < 1 && random() >= rule.probability) continue;
      rule.remaining -= 1;
      rule.fired += 1;
      const drawn = rule.latency ? drawLatency(rule.latency, random) : 0;
      return { rule, waitMs: rule.delayMs + drawn };
    }
    return undefined;
  }

  /**
   * Makes a request a rule fired for wait as the rule says: its delay and latency, and until released if it
   * holds. Call it right after `take` (the hold is registered at once, so `held` counts the request from then on).
   */
  async wait({ rule, waitMs }: FaultFiring): Promise<void> {
    const released = rule.hold ? this.holdRequest(rule) : undefined;
    await pause(waitMs);
    await released;
  }

  /**
   * Lets every request `id` holds go and retires the rule; the number released, or undefined when no
   * active rule has that id.
   */
  release(id: number): number | undefined {
    const compiled = this.active().find((candidate) => candidate.rule.id === id);
    if (!compiled) return undefined;
    const released = this.letGo(compiled.rule);
    this.rules = this.rules.filter((candidate) => candidate !== compiled);
    return released;
  }

  /** The rules still active (uses left, or requests held), each with the number it holds. */
  list(): FaultView[] {
    return this.active().map(({ rule }) => ({ ...rule, held: this.waiting.get(rule)?.length ?? 0 }));
  }

  /** Removes every rule, letting the requests they hold go on. */
  clear(): void {
    for (const { rule } of this.rules) this.letGo(rule);
    this.rules = [];
  }

  private active(): Compiled[] {
    return this.rules.filter(({ rule }) => rule.remaining > 0 || this.waiting.has(rule));
  }

  private holdRequest(rule: FaultRule): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.waiting.get(rule) ?? [];
      waiting.push(resolve);
      this.waiting.set(rule, waiting);
    });
  }

  private letGo(rule: FaultRule): number {
    const waiting = this.waiting.get(rule) ?? [];
    this.waiting.delete(rule);
    for (const resume of waiting) resume();
    return waiting.length;
  }
}
