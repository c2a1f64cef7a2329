import fc from 'fast-check';
import {
  deliveryTarget,
  MAX_RETRIES,
  MAX_RETRY_DELAY_SECONDS,
  prepareDelivery,
  retryScheduleProblem,
} from './delivery-request';

const delay = fc.double({ min: 0, max: MAX_RETRY_DELAY_SECONDS, noNaN: true });

describe('retryScheduleProblem', () => {
  it('accepts every schedule of at most 20 finite delays within a day', () => {
    fc.assert(
      fc.property(fc.array(delay, { maxLength: MAX_RETRIES }), (schedule) => {
        expect(retryScheduleProblem(schedule)).toBeUndefined();
      }),
    );
  });

  it('refuses a schedule with any delay out of range, or too long, or not an array', () => {
    const bad = fc.oneof(
      fc.double({ max: -Number.MIN_VALUE }),
      fc.double({ min: MAX_RETRY_DELAY_SECONDS + 1e-6 }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, '1', null, undefined),
    );
    fc.assert(
      fc.property(fc.array(delay, { maxLength: 10 }), bad, fc.nat(10), (schedule, value, index) => {
        const withBad = [...schedule];
        withBad.splice(index % (schedule.length + 1), 0, value as number);
        expect(retryScheduleProblem(withBad)).toMatch(/retrySchedule/);
      }),
    );
    expect(retryScheduleProblem(new Array(MAX_RETRIES + 1).fill(1))).toMatch(/at most 20/);
    expect(retryScheduleProblem({ length: 1 })).toMatch(/array/);
  });
});

describe('deliveryTarget', () => {
  it('never throws, and yields a URL only for http and https', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl()), (url) => {
        const target = deliveryTarget(url);
        if (typeof target !== 'string') expect(['http:', 'https:']).toContain(target.protocol);
      }),
    );
  });
});

describe('prepareDelivery', () => {
  it('signs exactly the bytes it will send, and declares their length', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.dictionary(fc.string(), fc.jsonValue())), (body) => {
        let signed: Buffer | undefined;
        const prepared = prepareDelivery(
          {
            url: 'http://127.0.0.1:9/x',
            event: 'e',
            body,
            retrySchedule: [],
            sign: (raw) => {
              signed = Buffer.from(raw);
              return {};
            },
          },
          'id-1',
          1024 * 1024,
        );
        expect(signed?.equals(prepared.rawBody)).toBe(true);
        expect(prepared.headers['content-length']).toBe(String(prepared.rawBody.length));
      }),
    );
  });

  it('gives the signing function a copy, so it cannot change what is sent', () => {
    const prepared = prepareDelivery(
      {
        url: 'http://127.0.0.1:9/',
        event: 'e',
        body: 'abc',
        retrySchedule: [],
        sign: (raw) => (raw.fill(0), {}),
      },
      'id-1',
      100,
    );
    expect(prepared.rawBody.toString()).toBe('abc');
  });
});
