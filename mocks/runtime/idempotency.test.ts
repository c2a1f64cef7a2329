import type { IdempotencyDecision } from './idempotency';
import { IdempotencyStore, requestFingerprint } from './idempotency';

const RETENTION = 60_000;
const created = { status: 201, body: { id: 'W-00001' }, headers: { location: '/widgets/W-00001' } };

function proceed(decision: IdempotencyDecision): Extract<IdempotencyDecision, { kind: 'proceed' }> {
  if (decision.kind !== 'proceed') throw new Error(`expected proceed, got ${decision.kind}`);
  return decision;
}

describe('IdempotencyStore', () => {
  it('lets the first request with a key proceed', () => {
    const store = new IdempotencyStore();
    expect(store.begin('k', 'fp', 0, RETENTION).kind).toBe('proceed');
  });

  it('reports a duplicate that arrives while the first request still runs', () => {
    const store = new IdempotencyStore();
    proceed(store.begin('k', 'fp', 0, RETENTION));
    expect(store.begin('k', 'fp', 10, RETENTION)).toEqual({ kind: 'in-flight' });
  });

  it('refuses the key for a different request, even while the first is in flight', () => {
    const store = new IdempotencyStore();
    const first = proceed(store.begin('k', 'fp', 0, RETENTION));
    expect(store.begin('k', 'other', 0, RETENTION)).toEqual({ kind: 'key-reused' });
    first.complete(created);
    expect(store.begin('k', 'other', 1, RETENTION)).toEqual({ kind: 'key-reused' });
  });

  it('replays the stored successful response for the same request', () => {
    const store = new IdempotencyStore();
    proceed(store.begin('k', 'fp', 0, RETENTION)).complete(created);
    const replay = store.begin('k', 'fp', 1000, RETENTION);
    expect(replay).toEqual({ kind: 'replay', response: created });
    // ...and keeps replaying it.
    expect(store.begin('k', 'fp', 2000, RETENTION)).toEqual({ kind: 'replay', response: created });
  });

  it('stores every 2xx status and none outside 200-299', () => {
    for (const status of [200, 204, 299]) {
      const store = new IdempotencyStore();
      proceed(store.begin('k', 'fp', 0, RETENTION)).complete({ status });
      expect(store.begin('k', 'fp', 1, RETENTION).kind).toBe('replay');
    }
    for (const status of [199, 300, 409, 422, 500]) {
      const store = new IdempotencyStore();
      proceed(store.begin('k', 'fp', 0, RETENTION)).complete({ status });
      // Not stored: a retry runs again, and the key is free for a different request too.
      expect(store.begin('k', 'other', 1, RETENTION).kind).toBe('proceed');
    }
  });

  it('frees the key when the request is abandoned', () => {
    const store = new IdempotencyStore();
    proceed(store.begin('k', 'fp', 0, RETENTION)).abandon();
    expect(store.begin('k', 'fp', 1, RETENTION).kind).toBe('proceed');
  });

  it('keeps the response until just before the retention ends, counted from the request’s arrival', () => {
    const store = new IdempotencyStore();
    proceed(store.begin('k', 'fp', 1000, RETENTION)).complete(created);
    expect(store.begin('k', 'fp', 1000 + RETENTION - 1, RETENTION).kind).toBe('replay');
  });

  it('expires the stored response at exactly the retention, after which the key is fresh', () => {
    const store = new IdempotencyStore();
    proceed(store.begin('k', 'fp', 1000, RETENTION)).complete(created);
    expect(store.begin('k', 'other', 1000 + RETENTION, RETENTION).kind).toBe('proceed');
  });

  it('never expires a request that is still in flight', () => {
    const store = new IdempotencyStore();
    proceed(store.begin('k', 'fp', 0, RETENTION));
    expect(store.begin('k', 'fp', 100 * RETENTION, RETENTION)).toEqual({ kind: 'in-flight' });
  });

  it('keeps keys apart', () => {
    const store = new IdempotencyStore();
    proceed(store.begin('a', 'fp', 0, RETENTION)).complete(created);
    expect(store.begin('b', 'fp', 0, RETENTION).kind).toBe('proceed');
  });

  it('clear forgets stored and in-flight keys', () => {
    const store = new IdempotencyStore();
    proceed(store.begin('a', 'fp', 0, RETENTION)).complete(created);
    proceed(store.begin('b', 'fp', 0, RETENTION));
    store.clear();
    expect(store.begin('a', 'other', 1, RETENTION).kind).toBe('proceed');
    expect(store.begin('b', 'other', 1, RETENTION).kind).toBe('proceed');
  });
});

describe('requestFingerprint', () => {
  const body = Buffer.from('{"a":1}');
  const base = requestFingerprint('POST', '/widgets/', body);

  it('is a stable SHA-256 hex digest', () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint('POST', '/widgets/', Buffer.from('{"a":1}'))).toBe(base);
  });

  it('depends on the method, the path and the exact body bytes', () => {
    expect(requestFingerprint('PUT', '/widgets/', body)).not.toBe(base);
    expect(requestFingerprint('POST', '/widgets', body)).not.toBe(base);
    expect(requestFingerprint('POST', '/widgets/', Buffer.from('{"a": 1}'))).not.toBe(base);
    expect(requestFingerprint('POST', '/widgets/', Buffer.alloc(0))).not.toBe(base);
  });

  it('does not confuse the path with the start of the body', () => {
    expect(requestFingerprint('POST', '/a', Buffer.from('b'))).not.toBe(
      requestFingerprint('POST', '/ab', Buffer.alloc(0)),
    );
  });
});

describe('IdempotencyStore memory', () => {
  const ok = { status: 200, body: { ok: true } };

  it('keeps at most `capacity` keys, dropping the oldest first', () => {
    const store = new IdempotencyStore(2);
    for (const key of ['a', 'b', 'c']) {
      const decision = store.begin(key, 'f', 0, 1000);
      if (decision.kind === 'proceed') decision.complete(ok);
    }
    expect(store.size).toBe(2);
    expect(store.begin('a', 'f', 0, 1000).kind).toBe('proceed');
    expect(store.begin('c', 'f', 0, 1000).kind).toBe('replay');
  });

  it('drops expired keys as it is used, without being asked for them', () => {
    const store = new IdempotencyStore();
    const first = store.begin('old', 'f', 0, 1000);
    if (first.kind === 'proceed') first.complete(ok);
    store.begin('new', 'f', 5000, 1000);
    expect(store.size).toBe(1);
  });

  it('keeps the stored responses within a byte budget, the oldest keys going first', () => {
    const store = new IdempotencyStore(10_000, 1024 * 1024);
    const big = { status: 201, body: { text: 'x'.repeat(200 * 1024) } };
    for (let index = 0; index < 20; index++) {
      const decision = store.begin(`key-${index}`, 'f', 0, 60_000);
      if (decision.kind === 'proceed') decision.complete(big);
    }
    expect(store.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(store.begin('key-0', 'f', 0, 60_000).kind).toBe('proceed');
    expect(store.begin('key-19', 'f', 0, 60_000).kind).toBe('replay');
    store.clear();
    expect(store.bytes).toBe(0);
  });

  it('runs a request once under a key: the same request replays, another is refused, a failure frees the key', async () => {
    const store = new IdempotencyStore();
    const answer = { status: 201, body: { id: 1 } };
    let runs = 0;
    const run = async () => {
      runs += 1;
      return answer;
    };
    expect(await store.runOnce('k', 'f', 0, 60_000, run)).toEqual({ kind: 'proceed', response: answer });
    expect(await store.runOnce('k', 'f', 0, 60_000, run)).toEqual({ kind: 'replay', response: answer });
    expect(await store.runOnce('k', 'other', 0, 60_000, run)).toEqual({ kind: 'key-reused' });
    expect(runs).toBe(1);
    await expect(
      store.runOnce('fails', 'f', 0, 60_000, () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(await store.runOnce('fails', 'f', 0, 60_000, run)).toEqual({ kind: 'proceed', response: answer });
  });
});
