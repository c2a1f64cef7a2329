import { addSeconds, duration, policyDate, recordTimestamp } from './timestamps';

describe('recordTimestamp', () => {
  it('writes microseconds by padding the milliseconds', () => {
    expect(recordTimestamp(new Date('2021-09-30T12:59:55.700Z'))).toBe('2021-09-30T12:59:55.700000Z');
    expect(recordTimestamp(new Date('2021-09-30T12:59:55.000Z'))).toBe('2021-09-30T12:59:55.000000Z');
  });
});

describe('policyDate', () => {
  it('writes seconds and a +00:00 offset, dropping milliseconds', () => {
    expect(policyDate(new Date('2021-10-01T00:29:29.999Z'))).toBe('2021-10-01T00:29:29+00:00');
    expect(policyDate(new Date(0))).toBe('1970-01-01T00:00:00+00:00');
  });
});

describe('duration', () => {
  it('renders a timedelta under a day as HH:MM:SS', () => {
    expect(duration('2021-10-01T00:00:00Z', '2021-10-01T13:14:46Z')).toBe('13:14:46');
    expect(duration('2021-10-01T00:00:00Z', '2021-10-01T00:00:00Z')).toBe('00:00:00');
    expect(duration('2021-10-01T00:00:00Z', '2021-10-01T23:59:59Z')).toBe('23:59:59');
  });

  it('puts the days in front when there are any', () => {
    expect(duration('2021-10-01T00:00:00Z', '2021-10-10T13:14:46Z')).toBe('9 13:14:46');
    expect(duration('2021-10-01T00:00:00Z', '2021-10-02T00:00:00Z')).toBe('1 00:00:00');
    expect(duration('2021-01-01T00:00:00Z', '2022-01-01T00:00:00Z')).toBe('365 00:00:00');
  });

  it('accepts any ISO offsets and rounds to the nearest second', () => {
    expect(duration('2021-10-01T02:00:00+02:00', '2021-10-01T00:00:01.500Z')).toBe('00:00:02');
    expect(duration('2021-10-01T00:00:00.000000Z', '2021-10-01T00:00:00.499Z')).toBe('00:00:00');
  });

  it('never goes negative', () => {
    expect(duration('2021-10-02T00:00:00Z', '2021-10-01T00:00:00Z')).toBe('00:00:00');
  });
});

describe('addSeconds', () => {
  it('returns a new instant, forward or back, leaving the original alone', () => {
    const start = new Date('2021-10-01T00:00:00.000Z');
    expect(addSeconds(start, 90).toISOString()).toBe('2021-10-01T00:01:30.000Z');
    expect(addSeconds(start, -86400).toISOString()).toBe('2021-09-30T00:00:00.000Z');
    expect(addSeconds(start, 0.5).toISOString()).toBe('2021-10-01T00:00:00.500Z');
    expect(start.toISOString()).toBe('2021-10-01T00:00:00.000Z');
  });
});
