import { createHmac } from 'node:crypto';
import { XCOVER_ALGORITHMS, type XCoverAlgorithm } from './algorithms';
import { parseSignatureAuthorization } from './authorization-header';
import { signXCoverRequest } from './signer';
import { verifyXCoverSignature } from './verifier';

const KEY = { apiKey: 'test_api_key', apiSecret: 'test_api_secret' };
const DATE = new Date(Date.UTC(2021, 10, 4, 18, 7, 11, 456));
const DATE_TEXT = 'Thu, 04 Nov 2021 18:07:11 GMT';
const VERIFY = { now: DATE, clockSkewSeconds: 300, requireApiKey: false };

describe('signXCoverRequest — known-answer vector', () => {
  it('signs "date: <Date>" with HMAC-SHA512 like the documented Postman script', () => {
    // Independent computation (node:crypto + encodeURIComponent, as in the XCover docs' Postman example).
    const independent = encodeURIComponent(
      createHmac('sha512', 'test_api_secret').update(`date: ${DATE_TEXT}`).digest('base64'),
    );
    // Literal value, cross-checked with: printf '%s' 'date: Thu, 04 Nov 2021 18:07:11 GMT' |
    //   openssl dgst -sha512 -hmac test_api_secret -binary | base64
    const literal =
      'EGUmbvDVJHopZM4eYKhaqQ5vdM3c33imKTDOZpbXRPEV3dj5ElUSs%2FzjsdBxUcyJ3zBCKZ%2FCu0uRrjLz8ApNiw%3D%3D';
    expect(independent).toBe(literal);

    const signed = signXCoverRequest({ method: 'GET', path: '/' }, KEY, { date: DATE });
    expect(signed).toEqual({
      date: DATE_TEXT,
      authorization: `Signature keyId="test_api_key",algorithm="hmac-sha512",signature="${literal}"`,
      'x-api-key': 'test_api_key',
    });
  });

  it('matches the Python SDK form for (request-target) date, ignoring the query string', () => {
    const stringToSign = `(request-target): get /api/partners/P/bookings/\ndate: ${DATE_TEXT}`;
    const expected = encodeURIComponent(
      createHmac('sha256', 'test_api_secret').update(stringToSign).digest('base64'),
    );
    const signed = signXCoverRequest(
      { method: 'GET', path: '/api/partners/P/bookings/?limit=1&offset=1' },
      KEY,
      {
        date: DATE,
        algorithm: 'hmac-sha256',
        signedHeaders: ['(request-target)', 'date'],
        sendApiKey: false,
      },
    );
    expect(signed).toEqual({
      date: DATE_TEXT,
      authorization:
        'Signature keyId="test_api_key",algorithm="hmac-sha256",headers="(request-target) date",' +
        `signature="${expected}"`,
    });
  });
});

describe('signXCoverRequest — round trip with the verifier', () => {
  const forms: [string, readonly string[] | undefined][] = [
    ['date-only', undefined],
    ['(request-target) date', ['(request-target)', 'date']],
  ];
  const cases = XCOVER_ALGORITHMS.flatMap((algorithm) =>
    forms.map(([label, signedHeaders]) => [algorithm, label, signedHeaders] as const),
  );

  it.each(cases)('%s, %s form', (algorithm: XCoverAlgorithm, _label, signedHeaders) => {
    const target = { method: 'PATCH', path: '/api/partners/P/quotes/33K6D-WBHLY-INS/?x=1' };
    const signed = signXCoverRequest(target, KEY, { algorithm, signedHeaders, date: DATE });
    const parsed = parseSignatureAuthorization(signed.authorization);
    expect(parsed.ok && parsed.params.algorithm).toBe(algorithm);
    const result = verifyXCoverSignature({ ...target, headers: { ...signed } }, KEY, VERIFY);
    expect(result).toMatchObject({ ok: true });
  });

  it('signs extra listed headers from the request and its own X-Api-Key', () => {
    const target = {
      method: 'POST',
      path: '/q',
      headers: { 'Content-Type': 'application/json', Date: 'ignored' },
    };
    const signed = signXCoverRequest(target, KEY, {
      date: DATE,
      signedHeaders: ['(request-target)', 'Date', 'Content-Type', 'X-Api-Key'],
    });
    expect(signed.authorization).toContain('headers="(request-target) date content-type x-api-key"');
    const headers = { 'content-type': 'application/json', ...signed };
    const result = verifyXCoverSignature({ method: 'POST', path: '/q', headers }, KEY, VERIFY);
    expect(result).toMatchObject({
      ok: true,
      checked: {
        stringToSign: `(request-target): post /q\ndate: ${DATE_TEXT}\ncontent-type: application/json\nx-api-key: test_api_key`,
      },
    });
  });

  it('defaults the date to now', () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const signed = signXCoverRequest({ method: 'GET', path: '/' }, KEY);
    const signedAt = Date.parse(signed.date);
    expect(signedAt).toBeGreaterThanOrEqual(before);
    expect(signedAt).toBeLessThanOrEqual(Date.now());
  });
});

describe('signXCoverRequest — refuses what the verifier would reject', () => {
  const target = { method: 'GET', path: '/' };

  it.each([
    ['a headers list without date', { signedHeaders: ['(request-target)'] }],
    ['an empty headers list', { signedHeaders: [] }],
    ['a header the request lacks', { signedHeaders: ['date', 'digest'] }],
    ['an unsupported algorithm', { algorithm: 'hmac-md5' as XCoverAlgorithm }],
    ['an invalid date', { date: new Date(NaN) }],
  ])('throws for %s', (_label, options) => {
    expect(() => signXCoverRequest(target, KEY, options)).toThrow();
  });

  it.each(['', ' key', 'key ', 'ke"y', 'k\ney'])('throws for the API key %j', (apiKey) => {
    expect(() => signXCoverRequest(target, { apiKey, apiSecret: 's' })).toThrow(TypeError);
  });
});
