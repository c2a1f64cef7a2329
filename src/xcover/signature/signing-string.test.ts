import { buildStringToSign, pathWithoutQuery } from './signing-string';

const DATE = 'Thu, 04 Nov 2021 18:07:11 GMT';
const request = {
  method: 'POST',
  path: '/api/partners/ABC/bookings/?limit=1&offset=1',
  headers: { Date: ` ${DATE} `, 'x-multi': ['a', 'b'], 'content-type': 'application/json' },
};

describe('buildStringToSign', () => {
  it('is "date: <Date>" without a headers list', () => {
    expect(buildStringToSign(request, undefined)).toEqual({
      ok: true,
      value: `date: ${DATE}`,
      headers: ['date'],
    });
  });

  it('builds the Python SDK form, ignoring the query string in (request-target)', () => {
    expect(buildStringToSign(request, ['(request-target)', 'date'])).toEqual({
      ok: true,
      value: `(request-target): post /api/partners/ABC/bookings/\ndate: ${DATE}`,
      headers: ['(request-target)', 'date'],
    });
  });

  it('follows the listed order, lower-cases names and joins multi-valued headers', () => {
    const result = buildStringToSign(request, ['X-Multi', 'date', 'Content-Type']);
    expect(result).toEqual({
      ok: true,
      value: `x-multi: a, b\ndate: ${DATE}\ncontent-type: application/json`,
      headers: ['x-multi', 'date', 'content-type'],
    });
  });

  it.each([
    ['an empty list', []],
    ['a list without date', ['(request-target)']],
    ['a header absent from the request', ['date', 'digest']],
    ['a duplicate name', ['date', 'date']],
    ['an invalid name', ['date', 'x"y']],
    ['authorization', ['date', 'authorization']],
  ])('rejects %s', (_label, headers) => {
    expect(buildStringToSign(request, headers).ok).toBe(false);
  });

  it('rejects the date-only form when the request has no Date', () => {
    expect(buildStringToSign({ method: 'GET', path: '/' }, undefined).ok).toBe(false);
  });
});

describe('pathWithoutQuery', () => {
  it.each([
    ['/a/b/', '/a/b/'],
    ['/a/b/?limit=1&offset=1', '/a/b/'],
    ['/a?', '/a'],
    ['/a#frag', '/a'],
    ['/a%3Fb', '/a%3Fb'],
  ])('%s -> %s', (path, expected) => {
    expect(pathWithoutQuery(path)).toBe(expected);
  });
});
