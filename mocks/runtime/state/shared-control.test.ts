/**
 * The control record on the shared store: the clock moves as `SandboxClock` moves, from the store's time;
 * revocations and resets made through one process hold for another from its next read. Both stores.
 */
import {
  MEMORY_START_MS,
  STORE_KINDS,
  useStateStores,
  type StoreHarness,
} from '../../../test/helpers/state-stores';
import { SharedControl } from './shared-control';

const T0 = Date.parse('2024-03-01T12:00:00.000Z');
const KEYS = ['key-live-1', 'key-live-2'];

const stores = useStateStores();

describe.each(STORE_KINDS)('shared control record: %s', (kind) => {
  let harness: StoreHarness;
  let control: SharedControl;
  /** The same namespace through another process. */
  let other: SharedControl;
  beforeEach(async () => {
    harness = await stores.harness(kind);
    control = new SharedControl(harness.store, 'ns', KEYS);
    other = new SharedControl(await harness.another(), 'ns', KEYS);
  });
  afterEach(() => harness.close());

  /** The store's time around a read: the sandbox time of a running clock lies between, shifted. */
  async function expectRunningAt(offsetMs: number): Promise<void> {
    const before = await harness.store.time();
    const snapshot = await other.read();
    const after = await harness.store.time();
    expect(snapshot.frozen).toBe(false);
    expect(snapshot.now.getTime()).toBeGreaterThanOrEqual(before + offsetMs);
    expect(snapshot.now.getTime()).toBeLessThanOrEqual(after + offsetMs);
  }

  test("real time by default: the store's time", async () => {
    await expectRunningAt(0);
    if (kind === 'memory') expect((await control.now()).getTime()).toBe(MEMORY_START_MS);
  });

  test('frozen, advanced and back to real time, as every process sees it', async () => {
    await control.freezeAt(new Date(T0));
    expect(await other.read()).toMatchObject({ now: new Date(T0), frozen: true });
    await other.advance(90);
    expect(await control.now()).toEqual(new Date(T0 + 90_000));
    await control.advance(-0.25);
    expect(await other.now()).toEqual(new Date(T0 + 89_750));
    await control.useRealTime();
    await expectRunningAt(0);
    // Unfrozen, an advance is an offset that keeps following the store's time.
    await control.advance(3600);
    await expectRunningAt(3_600_000);
    await expect(control.advance(Number.NaN)).rejects.toThrow(RangeError);
    await expect(control.freezeAt(new Date(Number.NaN))).rejects.toThrow(RangeError);
  });

  test('a key revoked through one process is revoked for the other; only keys in force', async () => {
    expect(await control.revoke('key-live-1')).toBe(true);
    expect(await control.revoke('key-live-1')).toBe(true);
    expect(await control.revoke('not-a-key')).toBe(false);
    expect([...(await other.read()).revoked]).toEqual(['key-live-1']);
  });

  test('concurrent moves from two processes all apply', async () => {
    await control.freezeAt(new Date(T0));
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? control : other).advance(1)));
    expect(await control.now()).toEqual(new Date(T0 + 10_000));
  });

  test('a reset forgets the clock and the revocations and moves the generation on', async () => {
    await control.freezeAt(new Date(T0));
    await control.revoke('key-live-2');
    const before = (await other.read()).generation;
    await other.reset();
    const after = await control.read();
    expect(after).toMatchObject({ frozen: false, revoked: new Set(), generation: before + 1 });
  });
});
