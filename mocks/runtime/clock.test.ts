import { SandboxClock } from './clock';

const T0 = Date.parse('2024-03-01T12:00:00.000Z');

/** A clock over a fake real time that the test moves by hand. */
function fakeClock(): { clock: SandboxClock; tick: (ms: number) => void } {
  let real = T0;
  return { clock: new SandboxClock(() => real), tick: (ms) => (real += ms) };
}

describe('SandboxClock', () => {
  it('follows real time by default', () => {
    const { clock, tick } = fakeClock();
    expect(clock.frozen).toBe(false);
    expect(clock.now().getTime()).toBe(T0);
    tick(1500);
    expect(clock.now().getTime()).toBe(T0 + 1500);
  });

  it('reads Date.now when no real-time source is given', () => {
    const before = Date.now();
    const now = new SandboxClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('returns a fresh Date each time, so callers cannot move the clock by mutating it', () => {
    const { clock } = fakeClock();
    clock.now().setTime(0);
    expect(clock.now().getTime()).toBe(T0);
  });

  it('advances an unfrozen clock by an offset that keeps following real time', () => {
    const { clock, tick } = fakeClock();
    clock.advance(60);
    expect(clock.now().getTime()).toBe(T0 + 60_000);
    tick(250);
    expect(clock.now().getTime()).toBe(T0 + 60_250);
    clock.advance(-90);
    expect(clock.now().getTime()).toBe(T0 - 29_750);
    expect(clock.frozen).toBe(false);
  });

  it('accepts fractional seconds', () => {
    const { clock } = fakeClock();
    clock.advance(0.25);
    expect(clock.now().getTime()).toBe(T0 + 250);
  });

  it('stays frozen while real time passes, and advancing moves the frozen instant', () => {
    const { clock, tick } = fakeClock();
    const instant = new Date('2030-01-01T00:00:00.000Z');
    clock.freezeAt(instant);
    expect(clock.frozen).toBe(true);
    tick(10_000);
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
    clock.advance(3600);
    expect(clock.now().toISOString()).toBe('2030-01-01T01:00:00.000Z');
    clock.advance(-7200);
    expect(clock.now().toISOString()).toBe('2029-12-31T23:00:00.000Z');
    tick(10_000);
    expect(clock.now().toISOString()).toBe('2029-12-31T23:00:00.000Z');
  });

  it('copies the instant it freezes at', () => {
    const { clock } = fakeClock();
    const instant = new Date(T0 + 5000);
    clock.freezeAt(instant);
    instant.setTime(0);
    expect(clock.now().getTime()).toBe(T0 + 5000);
  });

  it('ignores an offset taken before freezing while frozen', () => {
    const { clock } = fakeClock();
    clock.advance(100);
    clock.freezeAt(new Date(T0));
    expect(clock.now().getTime()).toBe(T0);
  });

  it('useRealTime unfreezes and drops any offset', () => {
    const { clock, tick } = fakeClock();
    clock.advance(100);
    clock.freezeAt(new Date(0));
    clock.useRealTime();
    expect(clock.frozen).toBe(false);
    tick(42);
    expect(clock.now().getTime()).toBe(T0 + 42);

    clock.advance(5);
    clock.useRealTime();
    expect(clock.now().getTime()).toBe(T0 + 42);
  });

  it('tells its listeners after every move, in order, until they unsubscribe', () => {
    const { clock } = fakeClock();
    const seen: string[] = [];
    const first = clock.onChange(() => seen.push(`first ${clock.now().toISOString()}`));
    clock.onChange(() => seen.push(`second ${clock.frozen}`));
    clock.freezeAt(new Date('2030-01-01T00:00:00.000Z'));
    clock.advance(60);
    first();
    clock.useRealTime();
    expect(seen).toEqual([
      'first 2030-01-01T00:00:00.000Z',
      'second true',
      'first 2030-01-01T00:01:00.000Z',
      'second true',
      'second false',
    ]);
  });

  it('lets a listener unsubscribe while being called without skipping the others', () => {
    const { clock } = fakeClock();
    const calls: number[] = [];
    const unsubscribe = clock.onChange(() => {
      calls.push(1);
      unsubscribe();
    });
    clock.onChange(() => calls.push(2));
    clock.advance(1);
    clock.advance(1);
    expect(calls).toEqual([1, 2, 2]);
  });

  it('follows a setting from elsewhere, telling the listeners only when it differs', () => {
    const { clock } = fakeClock();
    const moves: string[] = [];
    clock.onChange(() => moves.push(clock.now().toISOString()));
    clock.follow(60_000, undefined);
    clock.follow(60_000, undefined);
    clock.follow(0, Date.UTC(2031, 0, 1));
    expect(clock.frozen).toBe(true);
    clock.follow(0, undefined);
    expect(moves).toHaveLength(3);
    expect(moves[1]).toBe('2031-01-01T00:00:00.000Z');
    expect(clock.frozen).toBe(false);
  });
});
