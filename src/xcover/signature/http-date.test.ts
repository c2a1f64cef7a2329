import { checkHttpDate, formatHttpDate, parseHttpDate } from './http-date';

describe('formatHttpDate', () => {
  it('formats the documented example with a zero-padded day', () => {
    expect(formatHttpDate(new Date(Date.UTC(2021, 10, 4, 18, 7, 11)))).toBe('Thu, 04 Nov 2021 18:07:11 GMT');
  });

  it('agrees with Date.prototype.toUTCString and drops milliseconds', () => {
    for (const iso of ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2038-01-19T03:14:08.123Z']) {
      const date = new Date(iso);
      expect(formatHttpDate(date)).toBe(date.toUTCString());
    }
  });

  it('pads years below 1000 to four digits', () => {
    const date = new Date(0);
    date.setUTCFullYear(99, 0, 1);
    expect(formatHttpDate(date)).toBe('Thu, 01 Jan 0099 00:00:00 GMT');
  });

  it('throws on invalid dates and years beyond 9999', () => {
    expect(() => formatHttpDate(new Date(NaN))).toThrow(RangeError);
    expect(() => formatHttpDate(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});

describe('parseHttpDate', () => {
  it('parses the documented example', () => {
    expect(parseHttpDate('Thu, 04 Nov 2021 18:07:11 GMT')?.toISOString()).toBe('2021-11-04T18:07:11.000Z');
  });

  it('keeps two-digit-looking years literal', () => {
    expect(parseHttpDate('Thu, 01 Jan 0099 00:00:00 GMT')?.getUTCFullYear()).toBe(99);
  });

  it.each([
    ['unpadded day', 'Thu, 4 Nov 2021 18:07:11 GMT'],
    ['wrong weekday', 'Wed, 04 Nov 2021 18:07:11 GMT'],
    ['non-GMT zone', 'Thu, 04 Nov 2021 18:07:11 UTC'],
    ['numeric offset', 'Thu, 04 Nov 2021 18:07:11 +0000'],
    ['lower-case month', 'Thu, 04 nov 2021 18:07:11 GMT'],
    ['full weekday name', 'Thursday, 04 Nov 2021 18:07:11 GMT'],
    ['RFC 850 form', 'Thursday, 04-Nov-21 18:07:11 GMT'],
    ['asctime form', 'Thu Nov  4 18:07:11 2021'],
    ['ISO 8601', '2021-11-04T18:07:11Z'],
    ['two-digit year', 'Thu, 04 Nov 21 18:07:11 GMT'],
    ['non-existent day', 'Fri, 31 Nov 2021 18:07:11 GMT'],
    ['day zero', 'Sun, 00 Nov 2021 18:07:11 GMT'],
    ['29 Feb in a non-leap year', 'Tue, 29 Feb 2022 00:00:00 GMT'],
    ['hour 24', 'Thu, 04 Nov 2021 24:00:00 GMT'],
    ['leap second', 'Thu, 04 Nov 2021 23:59:60 GMT'],
    ['single-digit hour', 'Thu, 04 Nov 2021 8:07:11 GMT'],
    ['leading space', ' Thu, 04 Nov 2021 18:07:11 GMT'],
    ['trailing text', 'Thu, 04 Nov 2021 18:07:11 GMT x'],
    ['missing comma', 'Thu 04 Nov 2021 18:07:11 GMT'],
    ['empty', ''],
  ])('rejects %s', (_label, value) => {
    expect(parseHttpDate(value)).toBeUndefined();
  });

  it('accepts 29 Feb in a leap year', () => {
    expect(parseHttpDate('Tue, 29 Feb 2000 00:00:00 GMT')?.toISOString()).toBe('2000-02-29T00:00:00.000Z');
  });

  it('explains a wrong weekday', () => {
    const result = checkHttpDate('Wed, 04 Nov 2021 18:07:11 GMT');
    expect(result).toEqual({ ok: false, detail: expect.stringContaining('is a Thu') });
  });
});
