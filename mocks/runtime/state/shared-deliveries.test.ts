/**
 * Webhook delivery claims on the shared store: each due attempt claimed by one process, its result recorded
 * only under the claim, retries due on the outbox's schedule (sandbox time), a dead claimant replaced when its
 * lease ends (time moved by the harness). Both stores.
 */
import { STORE_KINDS, useStateStores, type StoreHarness } from '../../../test/helpers/state-stores';
import { prepareDelivery } from '../webhooks/delivery-request';
import { SharedDeliveries } from './shared-deliveries';

const T0 = Date.parse('2030-01-02T03:04:05.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

const prepared = (url = 'http://127.0.0.1:9/hook') =>
  prepareDelivery(
    {
      url,
      event: 'policy.created',
      body: { id: 'P-1' },
      retrySchedule: [30, 60],
      sign: () => ({ 'x-sig': 's' }),
    },
    'd1',
    64 * 1024,
  );

const stores = useStateStores();

describe.each(STORE_KINDS)('shared deliveries: %s', (kind) => {
  let harness: StoreHarness;
  let one: SharedDeliveries;
  let two: SharedDeliveries;
  beforeEach(async () => {
    harness = await stores.harness(kind);
    one = new SharedDeliveries(harness.store, 'ns', { leaseMs: 5_000 });
    two = new SharedDeliveries(await harness.another(), 'ns', { leaseMs: 5_000 });
  });
  afterEach(() => harness.close());

  test('due now at enqueue, claimed once, retried on the schedule, failed after the last retry', async () => {
    const view = await one.enqueue('d1', prepared(), at(0));
    expect(view).toMatchObject({
      id: 'd1',
      state: 'pending',
      nextAttemptAt: at(0).toISOString(),
      attempts: [],
    });
    expect(view.headers['x-sig']).toBe('s');
    const claim = (await two.claimDue(at(0)))!;
    expect(claim.delivery.id).toBe('d1');
    expect(await one.claimDue(at(0))).toBeUndefined();
    expect(await two.recordAttempt(claim, { at: at(0), durationMs: 4, status: 500 })).toBe(true);
    // Retry 1 falls due 30 s after the attempt before it was due; not before.
    expect(await one.claimDue(at(29))).toBeUndefined();
    const retry = (await one.claimDue(at(45)))!;
    expect(await one.recordAttempt(retry, { at: at(45), durationMs: 1, error: 'ECONNREFUSED' })).toBe(true);
    expect((await two.list())[0]).toMatchObject({ state: 'pending', nextAttemptAt: at(90).toISOString() });
    const last = (await two.claimDue(at(90)))!;
    expect(await two.recordAttempt(last, { at: at(90), durationMs: 1, status: 503 })).toBe(true);
    const [failed] = await one.list();
    expect(failed).toMatchObject({ state: 'failed', nextAttemptAt: null });
    expect(failed!.attempts.map((attempt) => ('status' in attempt ? attempt.status : attempt.error))).toEqual(
      [500, 'ECONNREFUSED', 503],
    );
    expect(await one.claimDue(at(10_000))).toBeUndefined();
  });

  test('a 2xx delivers; a URL that cannot be used is failed at enqueue and never claimed', async () => {
    await one.enqueue('d1', prepared(), at(0));
    const claim = (await one.claimDue(at(0)))!;
    await one.recordAttempt(claim, { at: at(0), durationMs: 2, status: 204 });
    await one.enqueue('d2', prepared('ftp://example.test/'), at(0));
    expect((await two.list()).map(({ id, state }) => [id, state])).toEqual([
      ['d1', 'delivered'],
      ['d2', 'failed'],
    ]);
    expect(await two.claimDue(at(1_000))).toBeUndefined();
  });

  test('a claimant that dies is replaced when its lease ends; its late result is not recorded', async () => {
    await one.enqueue('d1', prepared(), at(0));
    const dead = (await one.claimDue(at(0)))!;
    expect(await two.claimDue(at(0))).toBeUndefined();
    await harness.elapse(5_000);
    const replacement = (await two.claimDue(at(0)))!;
    expect(replacement.delivery.id).toBe('d1');
    expect(await one.recordAttempt(dead, { at: at(0), durationMs: 1, status: 200 })).toBe(false);
    expect(await two.recordAttempt(replacement, { at: at(0), durationMs: 1, status: 500 })).toBe(true);
    expect((await one.list())[0]!.attempts).toHaveLength(1);
  });

  test('bounded: past its capacity the oldest finished delivery goes first', async () => {
    const small = new SharedDeliveries(harness.store, 'small', { capacity: 2 });
    await small.enqueue('d1', prepared(), at(0));
    await small.enqueue('d2', prepared('ftp://example.test/'), at(0));
    await small.enqueue('d3', prepared(), at(0));
    expect((await small.list()).map(({ id }) => id)).toEqual(['d1', 'd3']);
    expect(() => new SharedDeliveries(harness.store, 'ns', { leaseMs: 999 })).toThrow(RangeError);
  });
});
