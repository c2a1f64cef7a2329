import { SandboxClock } from './clock';
import { parseFaultInput } from './control-inputs';
import { createMemoryNamespace, type NamespaceBlueprint } from './namespace-context';

const blueprint: NamespaceBlueprint<{ items: string[] }> = {
  createState: () => ({ items: [] }),
  journal: { secrets: ['secret'], sensitiveHeaders: [] },
  credentials: { key: 'secret' },
  keysInForce: ['secret'],
  configuredFaults: [parseFaultInput({ operationId: 'op', status: 503 }, new Set(['op']), ['key'])],
  rateLimit: { requests: 1, perSeconds: 60 },
  latencySeed: 7,
  webhookTimeoutMs: undefined,
};

describe('createMemoryNamespace', () => {
  it('starts with a fresh state, the config’s faults, its own clock unless given one', () => {
    const a = createMemoryNamespace('a', blueprint);
    const b = createMemoryNamespace('b', blueprint);
    expect(a.name).toBe('a');
    expect(a.state()).not.toBe(b.state());
    expect(a.clock).not.toBe(b.clock);
    expect(a.faults.list()).toEqual([expect.objectContaining({ operationId: 'op', status: 503 })]);
    const clock = new SandboxClock();
    expect(createMemoryNamespace(undefined, blueprint, clock).clock).toBe(clock);
  });

  it('draws latency from its own generator, seeded alike: one namespace’s draws never shift another’s', () => {
    const a = createMemoryNamespace('a', blueprint);
    const b = createMemoryNamespace('b', blueprint);
    const first = a.latencyRandom();
    a.latencyRandom();
    expect(b.latencyRandom()).toBe(first);
  });

  it('resets everything it holds, puts the config’s faults back and the clock on real time', () => {
    const namespace = createMemoryNamespace('a', blueprint);
    const before = namespace.state();
    const ledger = namespace.providerStates();
    namespace.state().items.push('x');
    namespace.faults.clear();
    namespace.revokedKeys.revoke('secret');
    expect(namespace.rateLimiter?.take('secret', 0).allowed).toBe(true);
    expect(namespace.rateLimiter?.take('secret', 0).allowed).toBe(false);
    namespace.clock.freezeAt(new Date('2030-01-01T00:00:00Z'));
    namespace.reset();
    expect(namespace.state()).not.toBe(before);
    expect(namespace.state().items).toEqual([]);
    expect(namespace.providerStates()).not.toBe(ledger);
    expect(namespace.faults.list()).toHaveLength(1);
    expect(namespace.revokedKeys.size).toBe(0);
    expect(namespace.rateLimiter?.take('secret', 0).allowed).toBe(true);
    expect(namespace.clock.frozen).toBe(false);
  });

  it('stops its outbox on close: a delivery enqueued after is never attempted', async () => {
    const namespace = createMemoryNamespace('a', blueprint);
    namespace.close();
    namespace.webhooks.enqueue({ url: 'http://127.0.0.1:9/hook', event: 'e', body: {}, retrySchedule: [] });
    await namespace.webhooks.settle();
    expect(namespace.webhooks.list()).toEqual([expect.objectContaining({ state: 'pending', attempts: [] })]);
  });
});
