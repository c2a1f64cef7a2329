import fc from 'fast-check';
import {
  formatHttpDate,
  parseHttpDate,
  parseSignatureAuthorization,
  signXCoverRequest,
  verifyXCoverSignature,
  XCOVER_ALGORITHMS,
  type XCoverAlgorithm,
  type XCoverVerifyOptions,
} from '../../src/xcover/signature';
import { formatSignatureAuthorization } from '../../src/xcover/signature/authorization-header';
import { decodeSignature, encodeSignature } from '../../src/xcover/signature/signature-encoding';

const VISIBLE = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).filter(
  (c) => c !== '"',
);
const apiKeyArb = fc
  .tuple(fc.constantFrom(...VISIBLE), fc.string({ unit: fc.constantFrom(...VISIBLE, ' '), maxLength: 30 }))
  .map(([first, rest]) => (first + rest).trimEnd());
const secretArb = fc.string({ unit: 'binary', maxLength: 80 });
const methodArb = fc.oneof(
  fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 1, maxLength: 10 }),
);
const segmentArb = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%'),
  maxLength: 12,
});
const pathArb = fc
  .tuple(
    fc.array(segmentArb, { maxLength: 5 }),
    fc.boolean(),
    fc.option(fc.webQueryParameters(), { nil: undefined }),
  )
  .map(
    ([segments, slash, query]) =>
      `/${segments.join('/')}${slash ? '/' : ''}${query === undefined ? '' : `?${query}`}`,
  );
const algorithmArb = fc.constantFrom(...XCOVER_ALGORITHMS);
const formArb = fc.constantFrom<readonly string[] | undefined>(undefined, ['(request-target)', 'date']);
// Whole-second server clock between 1971 and 9998, so every date within the window is formattable.
const nowSecondsArb = fc.integer({ min: 31_536_000, max: 253_370_000_000 });

interface Scenario {
  apiKey: string;
  apiSecret: string;
  method: string;
  path: string;
  algorithm: XCoverAlgorithm;
  signedHeaders: readonly string[] | undefined;
  sendApiKey: boolean;
  requireApiKey: boolean;
  skew: number;
  now: Date;
  signedAt: Date;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    apiKey: apiKeyArb,
    apiSecret: secretArb,
    method: methodArb,
    path: pathArb,
    algorithm: algorithmArb,
    signedHeaders: formArb,
    sendApiKey: fc.boolean(),
    requireApiKeyIfSent: fc.boolean(),
    skew: fc.integer({ min: 0, max: 3600 }),
    nowSeconds: nowSecondsArb,
    offsetFraction: fc.double({ min: -1, max: 1, noNaN: true }),
    millis: fc.integer({ min: 0, max: 999 }),
  })
  .map((r) => {
    const offset = Math.trunc(r.offsetFraction * r.skew); // whole seconds within [-skew, skew]
    return {
      apiKey: r.apiKey,
      apiSecret: r.apiSecret,
      method: r.method,
      path: r.path,
      algorithm: r.algorithm,
      signedHeaders: r.signedHeaders,
      sendApiKey: r.sendApiKey,
      requireApiKey: r.sendApiKey && r.requireApiKeyIfSent,
      skew: r.skew,
      now: new Date(r.nowSeconds * 1000),
      // The Date header drops the milliseconds, so the measured skew is exactly -offset.
      signedAt: new Date((r.nowSeconds + offset) * 1000 + r.millis),
    };
  });

function sign(s: Scenario): Record<string, string> {
  return {
    ...signXCoverRequest(
      { method: s.method, path: s.path },
      { apiKey: s.apiKey, apiSecret: s.apiSecret },
      {
        algorithm: s.algorithm,
        signedHeaders: s.signedHeaders,
        date: s.signedAt,
        sendApiKey: s.sendApiKey,
      },
    ),
  };
}

function verify(s: Scenario, headers: Record<string, string>, now = s.now) {
  const options: XCoverVerifyOptions = { now, clockSkewSeconds: s.skew, requireApiKey: s.requireApiKey };
  return verifyXCoverSignature(
    { method: s.method, path: s.path, headers },
    { apiKey: s.apiKey, apiSecret: s.apiSecret },
    options,
  );
}

function withParams(headers: Record<string, string>, change: Record<string, string>): Record<string, string> {
  const parsed = parseSignatureAuthorization(headers.authorization ?? '');
  if (!parsed.ok) throw new Error(parsed.detail);
  return { ...headers, authorization: formatSignatureAuthorization({ ...parsed.params, ...change }) };
}

describe('XCover signature properties', () => {
  it('the verifier accepts whatever the signer signs', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const result = verify(s, sign(s));
        expect(result).toMatchObject({ ok: true });
      }),
      { numRuns: 300 },
    );
  });

  it('flipping any bits of the decoded signature gives XCOVER_SIGNATURE_MISMATCH', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (s, index, mask) => {
        const headers = sign(s);
        const parsed = parseSignatureAuthorization(headers.authorization ?? '');
        if (!parsed.ok) throw new Error(parsed.detail);
        const decoded = decodeSignature(parsed.params.signature);
        if (!decoded.ok) throw new Error(decoded.detail);
        const bytes = Buffer.from(decoded.bytes);
        const at = index % bytes.length;
        bytes[at] = (bytes[at] ?? 0) ^ mask;
        const result = verify(s, withParams(headers, { signature: encodeSignature(bytes) }));
        expect(result).toMatchObject({ ok: false, reason: 'XCOVER_SIGNATURE_MISMATCH' });
      }),
      { numRuns: 200 },
    );
  });

  it('any other Date second is rejected: stale/future outside the window, mismatch inside', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: -7200, max: 7200 }).filter((d) => d !== 0),
        (s, delta) => {
          const headers = sign(s);
          const moved = new Date(Date.parse(headers.date ?? '') + delta * 1000);
          const result = verify(s, { ...headers, date: formatHttpDate(moved) });
          const skew = (s.now.getTime() - moved.getTime()) / 1000;
          const reason =
            skew > s.skew
              ? 'XCOVER_DATE_STALE'
              : -skew > s.skew
                ? 'XCOVER_DATE_FUTURE'
                : 'XCOVER_SIGNATURE_MISMATCH';
          expect(result).toMatchObject({ ok: false, reason });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('another keyId is rejected with XCOVER_KEY_UNKNOWN', () => {
    fc.assert(
      fc.property(scenarioArb, apiKeyArb, (s, otherKey) => {
        fc.pre(otherKey !== s.apiKey);
        const result = verify(s, withParams(sign(s), { keyId: otherKey }));
        expect(result).toMatchObject({ ok: false, reason: 'XCOVER_KEY_UNKNOWN' });
      }),
      { numRuns: 200 },
    );
  });

  it('another supported algorithm gives XCOVER_SIGNATURE_MISMATCH, an unsupported one XCOVER_ALGORITHM_UNSUPPORTED', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        algorithmArb,
        fc.string({ unit: fc.constantFrom(...VISIBLE), minLength: 1, maxLength: 20 }),
        (s, otherAlgorithm, unsupported) => {
          const headers = sign(s);
          if (otherAlgorithm !== s.algorithm) {
            const result = verify(s, withParams(headers, { algorithm: otherAlgorithm }));
            expect(result).toMatchObject({ ok: false, reason: 'XCOVER_SIGNATURE_MISMATCH' });
          }
          fc.pre(!(XCOVER_ALGORITHMS as readonly string[]).includes(unsupported));
          const result = verify(s, withParams(headers, { algorithm: unsupported }));
          expect(result).toMatchObject({ ok: false, reason: 'XCOVER_ALGORITHM_UNSUPPORTED' });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('parseHttpDate(formatHttpDate(d)) is d truncated to the second, for years 1970..9999', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const text = formatHttpDate(d);
          expect(text).toBe(d.toUTCString());
          expect(parseHttpDate(text)?.getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('parseSignatureAuthorization never throws', () => {
    const pieceArb = fc.oneof(
      fc.constantFrom(
        'Signature',
        'signature',
        ' ',
        ',',
        '=',
        '"',
        'keyId',
        'algorithm',
        'headers',
        'signature',
        '%2B',
      ),
      fc.string({ unit: 'binary', maxLength: 8 }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.array(pieceArb).map((p) => p.join('')),
        ),
        (value) => {
          const parsed = parseSignatureAuthorization(value);
          expect(typeof parsed.ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
