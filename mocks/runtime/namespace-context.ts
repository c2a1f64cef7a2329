import { SandboxClock } from './clock';
import { FaultSet, type FaultInput } from './faults';
import { IdempotencyStore } from './idempotency';
import { Journal, type JournalOptions } from './journal';
import type { Credentials } from './provider';
import { ProviderStateLedger } from './provider-states';
import { RateLimiter, type RateLimit } from './rate-limit';
import { RevokedKeys } from './revoked-keys';
import { mulberry32, type RandomSource } from './seeded-random';
import { WebhookOutbox } from './webhooks/outbox';
import type { SharedNamespace } from './shared-namespace';

/**
 * Everything one namespace of one provider holds apart from the others: its state, clock, journal, faults,
 * revocations, idempotency keys, webhook deliveries, which provider states are set up, and the rate limiter's
 * windows. The request pipeline and the control surface reach a namespace only through this object, so a
 * store-backed implementation (docs/scale.md) can provide it in place of the in-memory one below.
 */
export interface NamespaceContext<State = unknown> {
  /** The namespace's name; undefined for the default namespace (no header, no prefix). */
  readonly name: string | undefined;
  readonly clock: SandboxClock;
  readonly journal: Journal;
  readonly faults: FaultSet;
  readonly revokedKeys: RevokedKeys;
  readonly idempotency: IdempotencyStore;
  readonly webhooks: WebhookOutbox;
  /** Undefined when the config sets no `rateLimit`. */
  readonly rateLimiter: RateLimiter | undefined;
  /**
   * With a shared store: the namespace's control state there (clock, revocations, faults, idempotency keys,
   * reset), which the control surface writes and each request's begin step reads; undefined in memory.
   */
  readonly shared?: SharedNamespace;
  /** Draws the config's `latency` waits: seeded per namespace, so one namespace's traffic never shifts another's. */
  readonly latencyRandom: RandomSource;
  state(): State;
  /** The provider states set up since the last reset (what a teardown removes). */
  providerStates(): ProviderStateLedger;
  /**
   * Clears state, journal, idempotency keys, revocations, rate windows and pending webhooks, puts the config's
   * faults back in place of the others, and sets the clock back to real time.
   */
  reset(): void;
  /**
   * Shutdown, or eviction after a reset: the outbox stops for good (attempts in flight aborted, no timer left
   * armed); nothing is delivered from the namespace after.
   */
  close(): void;
}

/** What every namespace of a provider is made from: the same config, each namespace its own copy of the parts. */
export interface NamespaceBlueprint<State> {
  readonly createState: () => State;
  readonly journal: Omit<JournalOptions, 'clock'>;
  readonly credentials: Credentials;
  /** What `POST /__sandbox/keys/revoke` may revoke. */
  readonly keysInForce: readonly string[];
  /** The config file's fault rules, in force from creation and again after every reset. */
  readonly configuredFaults: readonly FaultInput[];
  readonly rateLimit: RateLimit | null;
  readonly latencySeed: number;
  /** Undefined: the outbox's default. */
  readonly webhookTimeoutMs: number | undefined;
}

/** A namespace held in this process's memory (the default state). */
export function createMemoryNamespace<State>(
  name: string | undefined,
  blueprint: NamespaceBlueprint<State>,
  clock: SandboxClock = new SandboxClock(),
): NamespaceContext<State> {
  const faults = new FaultSet(blueprint.credentials);
  const installConfiguredFaults = () => blueprint.configuredFaults.forEach((rule) => faults.add(rule));
  installConfiguredFaults();
  const revokedKeys = new RevokedKeys(blueprint.keysInForce);
  const idempotency = new IdempotencyStore();
  const journal = new Journal({ ...blueprint.journal, clock });
  const rateLimiter = blueprint.rateLimit ? new RateLimiter(blueprint.rateLimit) : undefined;
  const webhooks = new WebhookOutbox({ clock, timeoutMs: blueprint.webhookTimeoutMs });
  let state = blueprint.createState();
  let ledger = new ProviderStateLedger();
  return {
    name,
    clock,
    journal,
    faults,
    revokedKeys,
    idempotency,
    webhooks,
    rateLimiter,
    latencyRandom: mulberry32(blueprint.latencySeed),
    state: () => state,
    providerStates: () => ledger,
    reset: () => {
      state = blueprint.createState();
      ledger = new ProviderStateLedger();
      journal.clear();
      idempotency.clear();
      faults.clear();
      installConfiguredFaults();
      rateLimiter?.clear();
      revokedKeys.clear();
      // Before the clock moves back: a move would start attempts that clear() would then abort.
      webhooks.clear();
      clock.useRealTime();
    },
    close: () => webhooks.close(),
  };
}
