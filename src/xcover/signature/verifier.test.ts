import { createHash, createHmac } from 'node:crypto';
import { XCOVER_AUTH_REASONS, type XCoverAuthReason } from './reasons';
import { signXCoverRequest, type XCoverSignOptions } from './signer';
import { verifyXCoverSignature, type XCoverVerification, type XCoverVerifyOptions } from './verifier';

const KEY = { apiKey: 'pk_test_abc', apiSecret: 'sk_SUPER-secret-value_42' };
const NOW = new Date(Date.UTC(2021, 10, 4, 18, 7, 11));
const NOW_TEXT = 'Thu, 04 Nov 2021 18:07:11 GMT';
const OPTIONS: XCoverVerifyOptions = { now: NOW, clockSkewSeconds: 300, requireApiKey: false };
const PATH = '/api/partners/P/bookings/';

type Headers = Record<string, string | string[] | undefined>;

function signedHeaders(options: XCoverSignOptions = {}, path = PATH): Headers {
  return { ...signXCoverRequest({ method: 'GET', path }, KEY, { date: NOW, ...options }) };
}

function verify(
  headers: Headers,
  options: Partial<XCoverVerifyOptions> = {},
  path = PATH,
): XCoverVerification {
  return verifyXCoverSignature({ method: 'GET', path, headers }, KEY, { ...OPTIONS, ...options });
}

function authorization(params: {
  keyId?: string;
  algorithm?: string;
  headers?: string;
  signature: string;
}): string {
  const headers = params.headers === undefined ? '' : `headers="${params.headers}",`;
  return (
    `Signature keyId="${params.keyId ?? KEY.apiKey}",algorithm="${params.algorithm ?? 'hmac-sha512'}",` +
    `${headers}signature="${params.signature}"`
  );
}

function rawSignature(stringToSign: string, hash = 'sha512'): Buffer {
  return createHmac(hash, KEY.apiSecret).update(stringToSign).digest();
}

function expectReason(result: XCoverVerification, reason: XCoverAuthReason): void {
  expect(result).toMatchObject({ ok: false, reason, message: XCOVER_AUTH_REASONS[reason].message });
}

describe('verifyXCoverSignature — accepts', () => {
  it('the documented date-only form and reports what it checked', () => {
    const result = verify(signedHeaders());
    expect(result).toEqual({
      ok: true,
      checked: {
        keyId: KEY.apiKey,
        algorithm: 'hmac-sha512',
        signedHeaders: ['date'],
        stringToSign: `date: ${NOW_TEXT}`,
        date: NOW_TEXT,
        dateSkewSeconds: 0,
      },
    });
  });

  it('reports the digest of the string to sign when the signature fails', () => {
    const headers = signedHeaders();
    const result = verifyXCoverSignature(
      { method: 'POST', path: '/x/partners/LLODT/quotes/', headers },
      { ...KEY, apiSecret: 'another secret' },
      { now: NOW, clockSkewSeconds: 300, requireApiKey: false },
    );
    expect(result).toMatchObject({
      ok: false,
      reason: 'XCOVER_SIGNATURE_MISMATCH',
      checked: { stringToSignSha256: createHash('sha256').update(`date: ${NOW_TEXT}`).digest('hex') },
    });
  });

  it('a request without X-Api-Key (the Python SDK sends none) unless requireApiKey', () => {
    const headers = signedHeaders({ sendApiKey: false });
    expect(verify(headers).ok).toBe(true);
    expectReason(verify(headers, { requireApiKey: true }), 'XCOVER_API_KEY_MISSING');
    expect(verify(signedHeaders(), { requireApiKey: true }).ok).toBe(true);
  });

  it('lower-case percent escapes', () => {
    const headers = signedHeaders();
    const lower = String(headers.authorization).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
    expect(lower).not.toBe(headers.authorization);
    expect(verify({ ...headers, authorization: lower }).ok).toBe(true);
  });

  it('(request-target) signed without the query string, whatever query the request carries', () => {
    const headers = signedHeaders({ signedHeaders: ['(request-target)', 'date'] }, PATH);
    const result = verify(headers, {}, `${PATH}?limit=1&offset=1`);
    expect(result).toMatchObject({
      ok: true,
      checked: { stringToSign: `(request-target): get ${PATH}\ndate: ${NOW_TEXT}` },
    });
    // A signer that (wrongly) included the query is rejected.
    const withQuery = signedHeaders({ signedHeaders: ['(request-target)', 'date'] }, '/other?x=1');
    expectReason(verify(withQuery, {}, `${PATH}?x=1`), 'XCOVER_SIGNATURE_MISMATCH');
  });

  it('a Date exactly at the skew boundary, in both directions', () => {
    const headers = signedHeaders();
    expect(verify(headers, { now: new Date(NOW.getTime() + 300_000) })).toMatchObject({
      ok: true,
      checked: { dateSkewSeconds: 300 },
    });
    expect(verify(headers, { now: new Date(NOW.getTime() - 300_000) })).toMatchObject({
      ok: true,
      checked: { dateSkewSeconds: -300 },
    });
  });

  it('any clock when clockSkewSeconds is Infinity, and reads no clock of its own', () => {
    const headers = signedHeaders();
    expect(verify(headers, { now: new Date(Date.UTC(2090, 0, 1)), clockSkewSeconds: Infinity }).ok).toBe(
      true,
    );
    const spy = jest.spyOn(Date, 'now');
    verify(headers);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('verifyXCoverSignature — one minimal bad request per reason', () => {
  const good = signedHeaders();
  const goodSignature = encodeURIComponent(rawSignature(`date: ${NOW_TEXT}`).toString('base64'));
  const cases: [XCoverAuthReason, Headers, Partial<XCoverVerifyOptions>?][] = [
    ['XCOVER_AUTH_MISSING', { ...good, authorization: undefined }],
    ['XCOVER_AUTH_MISSING', { ...good, authorization: '  ' }],
    ['XCOVER_AUTH_MALFORMED', { ...good, authorization: `Bearer ${KEY.apiKey}` }],
    [
      'XCOVER_AUTH_MALFORMED',
      { ...good, authorization: `Signature keyId="${KEY.apiKey}",algorithm="hmac-sha512"` },
    ],
    [
      'XCOVER_ALGORITHM_UNSUPPORTED',
      { ...good, authorization: authorization({ algorithm: 'hmac-md5', signature: 'x' }) },
    ],
    [
      'XCOVER_ALGORITHM_UNSUPPORTED',
      { ...good, authorization: authorization({ algorithm: 'HMAC-SHA512', signature: 'x' }) },
    ],
    [
      'XCOVER_KEY_UNKNOWN',
      { ...good, authorization: authorization({ keyId: 'someone_else', signature: goodSignature }) },
    ],
    ['XCOVER_API_KEY_MISSING', { ...good, 'x-api-key': undefined }, { requireApiKey: true }],
    ['XCOVER_API_KEY_MISMATCH', { ...good, 'x-api-key': 'someone_else' }],
    ['XCOVER_API_KEY_MISMATCH', { ...good, 'x-api-key': '' }],
    ['XCOVER_DATE_MISSING', { ...good, date: undefined }],
    ['XCOVER_DATE_MALFORMED', { ...good, date: 'Thu, 4 Nov 2021 18:07:11 GMT' }],
    ['XCOVER_DATE_MALFORMED', { ...good, date: 'Wed, 04 Nov 2021 18:07:11 GMT' }],
    ['XCOVER_DATE_MALFORMED', { ...good, date: 'Thu, 04 Nov 2021 18:07:11 +0000' }],
    ['XCOVER_DATE_MALFORMED', { ...good, date: 'Thu, 04 Nov 2021 18:07:11 UTC' }],
    ['XCOVER_DATE_MALFORMED', { ...good, date: [NOW_TEXT, NOW_TEXT] }],
    ['XCOVER_DATE_STALE', good, { now: new Date(NOW.getTime() + 301_000) }],
    ['XCOVER_DATE_FUTURE', good, { now: new Date(NOW.getTime() - 301_000) }],
    [
      'XCOVER_SIGNED_HEADERS_INVALID',
      { ...good, authorization: authorization({ headers: '(request-target)', signature: goodSignature }) },
    ],
    [
      'XCOVER_SIGNED_HEADERS_INVALID',
      { ...good, authorization: authorization({ headers: 'date digest', signature: goodSignature }) },
    ],
    [
      'XCOVER_SIGNATURE_ENCODING',
      {
        ...good,
        authorization: authorization({ signature: rawSignature(`date: ${NOW_TEXT}`).toString('base64url') }),
      },
    ],
    [
      'XCOVER_SIGNATURE_ENCODING',
      {
        ...good,
        authorization: authorization({ signature: rawSignature(`date: ${NOW_TEXT}`).toString('base64') }),
      },
    ],
    [
      'XCOVER_SIGNATURE_ENCODING',
      { ...good, authorization: authorization({ signature: `${goodSignature}%` }) },
    ],
    [
      'XCOVER_SIGNATURE_MISMATCH',
      {
        ...good,
        authorization: authorization({ signature: encodeURIComponent(Buffer.alloc(64).toString('base64')) }),
      },
    ],
    [
      'XCOVER_SIGNATURE_MISMATCH',
      { ...good, authorization: authorization({ algorithm: 'hmac-sha256', signature: goodSignature }) },
    ],
  ];

  // Rest parameters keep the callback's arity at 0: rows shorter than the arity make jest pass a done callback.
  it.each(cases)('%s', (...[reason, headers, options]) => {
    const result = verify(headers, options);
    expectReason(result, reason);
    if (!result.ok) expect(result.detail.length).toBeGreaterThan(0);
  });

  it('covers every reason code', () => {
    expect(new Set(cases.map(([reason]) => reason))).toEqual(new Set(Object.keys(XCOVER_AUTH_REASONS)));
  });

  it('rejects one second past the boundary, both directions', () => {
    expectReason(verify(good, { now: new Date(NOW.getTime() + 300_001) }), 'XCOVER_DATE_STALE');
    expectReason(verify(good, { now: new Date(NOW.getTime() - 300_001) }), 'XCOVER_DATE_FUTURE');
    expect(verify(good, { now: new Date(NOW.getTime() + 299_999) }).ok).toBe(true);
  });

  it('reports the earliest failing check when several are wrong', () => {
    const everythingWrong = {
      authorization: authorization({ keyId: 'nobody', algorithm: 'hmac-md5', signature: '-_' }),
      'x-api-key': 'other',
      date: 'yesterday',
    };
    expectReason(verify(everythingWrong), 'XCOVER_ALGORITHM_UNSUPPORTED');
    const auth = authorization({ keyId: 'nobody', signature: '-_' });
    expectReason(verify({ ...everythingWrong, authorization: auth }), 'XCOVER_KEY_UNKNOWN');
    expectReason(
      verify({ ...good, date: 'yesterday', authorization: authorization({ signature: '-_' }) }),
      'XCOVER_DATE_MALFORMED',
    );
    const stale = { now: new Date(NOW.getTime() + 400_000) };
    expectReason(
      verify({ ...good, authorization: authorization({ headers: 'digest', signature: '-_' }) }, stale),
      'XCOVER_DATE_STALE',
    );
    expectReason(
      verify({ ...good, authorization: authorization({ headers: 'digest', signature: '-_' }) }),
      'XCOVER_SIGNED_HEADERS_INVALID',
    );
  });
});

describe('verifyXCoverSignature — never leaks the secret or a signature', () => {
  const good = signedHeaders();
  const received = /signature="([^"]+)"/.exec(String(good.authorization))?.[1] ?? '';
  const expectedB64 = rawSignature(`date: ${NOW_TEXT}`).toString('base64');
  const forbidden = [
    KEY.apiSecret,
    received,
    decodeURIComponent(received),
    expectedB64,
    expectedB64.slice(0, 16),
  ];
  const tampered = received.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));

  const attempts: [string, Headers, Partial<XCoverVerifyOptions>?][] = [
    ['valid', good],
    [
      'tampered signature',
      { ...good, authorization: String(good.authorization).replace(received, tampered) },
    ],
    ['raw base64', { ...good, authorization: authorization({ signature: expectedB64 }) }],
    [
      'url-safe',
      {
        ...good,
        authorization: authorization({ signature: rawSignature(`date: ${NOW_TEXT}`).toString('base64url') }),
      },
    ],
    [
      'wrong algorithm',
      { ...good, authorization: authorization({ algorithm: 'hmac-sha1', signature: received }) },
    ],
    ['stale', good, { now: new Date(NOW.getTime() + 3_600_000) }],
    ['malformed', { ...good, authorization: `Signature signature="${received}"` }],
    ['duplicate', { ...good, authorization: `${String(good.authorization)},signature="${received}"` }],
    [
      'secret as keyId',
      { ...good, authorization: authorization({ keyId: KEY.apiSecret, signature: received }) },
    ],
    ['secret as X-Api-Key', { ...good, 'x-api-key': KEY.apiSecret }],
    [
      'signature-bearing header listed',
      {
        ...good,
        'x-sig': received,
        authorization: authorization({ headers: 'date x-sig', signature: 'AAAA' }),
      },
    ],
  ];

  it.each(attempts)('%s', (...[label, headers, options]) => {
    const result = verify(headers, options);
    const text = JSON.stringify(result);
    expect(text).not.toContain(KEY.apiSecret);
    for (const value of forbidden.slice(1)) {
      if (label !== 'signature-bearing header listed') expect(text).not.toContain(value);
    }
  });

  it('redacts a keyId that is the secret and says why', () => {
    const result = verify({
      ...good,
      authorization: authorization({ keyId: KEY.apiSecret, signature: received }),
    });
    expectReason(result, 'XCOVER_KEY_UNKNOWN');
    expect(result.checked.keyId).toMatch(/redacted/);
    expect(!result.ok && result.detail).toMatch(/secret/);
  });
});

describe('verifyXCoverSignature — header handling and options', () => {
  it('joins multi-valued headers with ", " when they are signed', () => {
    const signed = signXCoverRequest(
      { method: 'GET', path: PATH, headers: { 'x-multi': ['a ', ' b'] } },
      KEY,
      {
        date: NOW,
        signedHeaders: ['date', 'x-multi'],
      },
    );
    expect(verify({ ...signed, 'x-multi': ['a', 'b'] })).toMatchObject({
      ok: true,
      checked: { stringToSign: `date: ${NOW_TEXT}\nx-multi: a, b` },
    });
  });

  it('throws on an invalid clock or skew setting', () => {
    const headers = signedHeaders();
    expect(() => verify(headers, { now: new Date(NaN) })).toThrow(RangeError);
    expect(() => verify(headers, { clockSkewSeconds: -1 })).toThrow(RangeError);
    expect(() => verify(headers, { clockSkewSeconds: NaN })).toThrow(RangeError);
  });

  it('checks skew to the millisecond against the sandbox clock', () => {
    const headers = signedHeaders();
    expect(verify(headers, { now: new Date(NOW.getTime() + 500), clockSkewSeconds: 0 })).toMatchObject({
      ok: false,
      reason: 'XCOVER_DATE_STALE',
      checked: { dateSkewSeconds: 0.5 },
    });
    expect(verify(headers, { clockSkewSeconds: 0 }).ok).toBe(true);
  });
});
