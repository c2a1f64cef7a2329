/**
 * Idempotency on the shared store answers as `IdempotencyStore` does (its cases, on both stores), across
 * processes (two stores on one state): concurrent retries run once, and a dead holder's key comes free when its
 * lease ends (time moved by the harness, not waited for).
 */
import { STORE_KINDS, useStateStores, type StoreHarness } from '../../../test/helpers/state-stores';
import { SharedIdempotency, type SharedIdempotencyDecision } from './shared-idempotency';

const RETENTION = 60_000;
const created = { status: 201, body: { id: 'W-00001' }, headers: { location: '/widgets/W-00001' } };

function proceed(decision: SharedIdempotencyDecision) {
  if (decision.kind !== 'proceed') throw new Error(`expected proceed, got ${decision.kind}`);
  return decision;
}

const stores = useStateStores();

describe.each(STORE_KINDS)('shared idempotency: %s', (kind) => {
  let harness: StoreHarness;
  let keys: SharedIdempotency;
  beforeEach(async () => {
    harness = await stores.harness(kind);
    keys = new SharedIdempotency(harness.store, 'ns');
  });
  afterEach(() => harness.close());

  test('in flight: the same request is told so, another request is refused', async () => {
    const first = proceed(await keys.begin('k', 'fp', 0, RETENTION));
    expect(await keys.begin('k', 'fp', 10, RETENTION)).toEqual({ kind: 'in-flight' });
    expect(await keys.begin('k', 'other', 10, RETENTION)).toEqual({ kind: 'key-reused' });
    // Never expires while in flight (sandbox time only decides what is stored).
    expect(await keys.begin('k', 'fp', 100 * RETENTION, RETENTION)).toEqual({ kind: 'in-flight' });
    await first.complete(created);
    expect(await keys.begin('k', 'other', 1, RETENTION)).toEqual({ kind: 'key-reused' });
  });

  test('a 2xx answer is replayed until the retention ends (sandbox time), then the key is fresh', async () => {
    await proceed(await keys.begin('k', 'fp', 1000, RETENTION)).complete(created);
    expect(await keys.begin('k', 'fp', 1000 + RETENTION - 1, RETENTION)).toEqual({
      kind: 'replay',
      response: created,
    });
    expect((await keys.begin('k', 'other', 1000 + RETENTION, RETENTION)).kind).toBe('proceed');
  });

  test('no answer outside 200-299 is stored, and an abandoned key is free', async () => {
    for (const [i, status] of [199, 300, 409, 500].entries()) {
      await proceed(await keys.begin(`k${i}`, 'fp', 0, RETENTION)).complete({ status });
      expect((await keys.begin(`k${i}`, 'other', 1, RETENTION)).kind).toBe('proceed');
    }
    await proceed(await keys.begin('gone', 'fp', 0, RETENTION)).abandon();
    expect((await keys.begin('gone', 'fp', 1, RETENTION)).kind).toBe('proceed');
  });

  test('runOnce: a failed run frees the key; a successful one is replayed', async () => {
    const failing = keys.runOnce('k', 'fp', 0, RETENTION, () => Promise.reject(new Error('boom')));
    await expect(failing).rejects.toThrow('boom');
    expect(await keys.runOnce('k', 'fp', 0, RETENTION, async () => created)).toEqual({
      kind: 'proceed',
      response: created,
    });
    expect(await keys.runOnce('k', 'fp', 1, RETENTION, async () => ({ status: 500 }))).toEqual({
      kind: 'replay',
      response: created,
    });
  });

  test('across processes: 50 concurrent retries of one key over 4 processes run once, the others told it is in flight', async () => {
    const processes = [keys];
    for (let i = 1; i < 4; i++) processes.push(new SharedIdempotency(await harness.another(), 'ns'));
    let runs = 0;
    let finish: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (finish = resolve));
    const refused: string[] = [];
    let allRefused: () => void = () => undefined;
    const othersDone = new Promise<void>((resolve) => (allRefused = resolve));
    const attempts = Array.from({ length: 50 }, (_, i) =>
      processes[i % 4]!.runOnce('k', 'fp', 0, RETENTION, async () => {
        runs += 1;
        await held;
        return created;
      }).then((outcome) => {
        if (outcome.kind !== 'proceed') refused.push(outcome.kind);
        if (refused.length === 49) allRefused();
        return outcome;
      }),
    );
    // The one that runs holds the key until every other attempt has been answered.
    await othersDone;
    finish();
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((outcome) => outcome.kind === 'proceed')).toHaveLength(1);
    expect(refused).toEqual(Array(49).fill('in-flight'));
    expect(runs).toBe(1);
    expect(await processes[3]!.begin('k', 'fp', 1, RETENTION)).toEqual({ kind: 'replay', response: created });
  });

  test('a holder that dies frees the key when its lease ends', async () => {
    const short = new SharedIdempotency(harness.store, 'ns', { leaseMs: 1_000 });
    proceed(await short.begin('k', 'fp', 0, RETENTION));
    const other = new SharedIdempotency(await harness.another(), 'ns', { leaseMs: 1_000 });
    expect(await other.begin('k', 'fp', 0, RETENTION)).toEqual({ kind: 'in-flight' });
    await harness.elapse(1_000);
    const taken = proceed(await other.begin('k', 'fp', 0, RETENTION));
    await taken.complete(created);
    expect(await short.begin('k', 'fp', 1, RETENTION)).toEqual({ kind: 'replay', response: created });
  });

  test('stored answers are bounded: the oldest go past the count', async () => {
    const small = new SharedIdempotency(harness.store, 'ns', { capacity: 2 });
    for (const key of ['a', 'b', 'c'])
      await proceed(await small.begin(key, 'fp', 0, RETENTION)).complete(created);
    expect((await small.begin('a', 'other', 1, RETENTION)).kind).toBe('proceed');
    expect((await small.begin('c', 'other', 1, RETENTION)).kind).toBe('key-reused');
    expect(() => new SharedIdempotency(harness.store, 'ns', { leaseMs: 999 })).toThrow(RangeError);
  });
});
