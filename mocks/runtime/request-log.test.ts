import { formatRequestLine } from './request-log';

const fields = {
  provider: 'toy',
  method: 'POST',
  path: '/x/partners/P/quotes/',
  status: 401,
  reason: 'TOY_SIGNATURE_MISMATCH',
  durationMs: 12,
};
const time = new Date('2024-01-02T03:04:05.678Z');

describe('formatRequestLine', () => {
  it('prints time, provider, method, path, status, reason and duration on one line', () => {
    expect(formatRequestLine(fields, time)).toBe(
      '2024-01-02T03:04:05.678Z toy POST /x/partners/P/quotes/ 401 TOY_SIGNATURE_MISMATCH 12ms',
    );
  });

  it('prints a dash when there is no reason', () => {
    expect(formatRequestLine({ ...fields, status: 200, reason: null, durationMs: 0 }, time)).toBe(
      '2024-01-02T03:04:05.678Z toy POST /x/partners/P/quotes/ 200 - 0ms',
    );
  });

  it('prints reset instead of a status when the answer never reached the client', () => {
    expect(formatRequestLine({ ...fields, status: 'reset', reason: null, durationMs: 2000 }, time)).toBe(
      '2024-01-02T03:04:05.678Z toy POST /x/partners/P/quotes/ reset - 2000ms',
    );
  });

  it('prints a fractional duration as given', () => {
    expect(formatRequestLine({ ...fields, durationMs: 1.5 }, time)).toMatch(/ 1\.5ms$/);
  });

  it('uses the current time by default', () => {
    const before = Date.now();
    const stamp = Date.parse(formatRequestLine(fields).split(' ')[0] ?? '');
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  });
});
