/**
 * The XCover mock's HMAC signature check over real HTTP: one rejection per reason code, every algorithm and
 * signed-string form accepted under both base paths, the clock-skew window (and its setting), and a journal
 * that explains a failed signature without ever showing the secret or a signature.
 */
import { createHash, createHmac } from 'node:crypto';
import {
  formatHttpDate,
  signXCoverRequest,
  XCOVER_ALGORITHMS,
  XCOVER_AUTH_REASONS,
  type XCoverAuthReason,
} from '../../../src/xcover/signature';
import {
  API_KEY,
  API_SECRET,
  jsonOf,
  journal,
  P,
  quoteBody,
  setClock,
  startXCover,
  xcoverFetch,
  type XCoverError,
  type XCoverFetchOptions,
  type XCoverSandbox,
  packageCount,
} from '../../helpers/xcover';

const QUOTES = `${P}/quotes/`;
const FROZEN = '2030-01-02T03:04:05Z';
const FROZEN_MS = Date.parse(FROZEN);

describe('XCover mock: signature authentication', () => {
  let x: XCoverSandbox;
  let strict: XCoverSandbox;

  beforeAll(async () => {
    x = await startXCover();
    strict = await startXCover({ requireApiKey: true });
  });
  afterAll(async () => {
    await x.server.close();
    await strict.server.close();
  });
  beforeEach(() => {
    x.sandbox.reset();
    strict.sandbox.reset();
  });

  /** POST create quote (a state-changing call, so a rejection can be checked to store nothing). */
  const createQuote = (options: XCoverFetchOptions = {}, sandbox: XCoverSandbox = x) =>
    xcoverFetch(sandbox.url, 'POST', QUOTES, quoteBody(), options);

  /** A correctly signed Authorization header for QUOTES, to be tampered with. */
  const authorizationFor = (options: { signedHeaders?: readonly string[]; date?: Date } = {}) =>
    signXCoverRequest(
      { method: 'POST', path: QUOTES, headers: {} },
      { apiKey: API_KEY, apiSecret: API_SECRET },
      {
        ...(options.signedHeaders ? { signedHeaders: options.signedHeaders } : {}),
        ...(options.date ? { date: options.date } : {}),
      },
    );

  /** A Date header a few seconds before now whose standard base64 signature contains "+" or "/". */
  function urlSafeSignedHeaders(): Record<string, string> {
    for (let back = 0; back < 120; back++) {
      const date = formatHttpDate(new Date(Date.now() - back * 1000));
      const standard = createHmac('sha512', API_SECRET).update(`date: ${date}`).digest('base64');
      if (!/[+/]/.test(standard)) continue;
      const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      return {
        date,
        authorization: `Signature keyId="${API_KEY}",algorithm="hmac-sha512",signature="${urlSafe}"`,
      };
    }
    throw new Error('no signature with + or / found');
  }

  type Case = () => Promise<Response>;
  const REJECTIONS: Record<XCoverAuthReason | 'XCOVER_PARTNER_MISMATCH', Case> = {
    XCOVER_AUTH_MISSING: () => createQuote({ unsigned: true }),
    XCOVER_AUTH_MALFORMED: () => createQuote({ headers: { authorization: 'Bearer xcover_test_api_key' } }),
    XCOVER_ALGORITHM_UNSUPPORTED: () =>
      createQuote({
        headers: {
          authorization: `Signature keyId="${API_KEY}",algorithm="hmac-md5",signature="c2lnbmF0dXJl"`,
        },
      }),
    XCOVER_KEY_UNKNOWN: () => createQuote({ apiKey: 'someone_elses_key', sendApiKey: false }),
    XCOVER_API_KEY_MISMATCH: () => createQuote({ headers: { 'x-api-key': 'another_api_key' } }),
    XCOVER_API_KEY_MISSING: () => createQuote({ sendApiKey: false }, strict),
    XCOVER_DATE_MISSING: () => createQuote({ dropHeaders: ['date'] }),
    XCOVER_DATE_MALFORMED: () => createQuote({ headers: { date: 'Thu, 4 Nov 2021 18:07:11 GMT' } }),
    XCOVER_DATE_STALE: async () => {
      await setClock(x.url, { now: FROZEN });
      return createQuote({ date: new Date(FROZEN_MS - 301_000) });
    },
    XCOVER_DATE_FUTURE: async () => {
      await setClock(x.url, { now: FROZEN });
      return createQuote({ date: new Date(FROZEN_MS + 301_000) });
    },
    XCOVER_SIGNED_HEADERS_INVALID: () => {
      const signed = authorizationFor({ signedHeaders: ['(request-target)', 'date'] });
      return createQuote({
        headers: {
          date: signed.date,
          authorization: signed.authorization.replace(
            'headers="(request-target) date"',
            'headers="(request-target) x-not-sent date"',
          ),
        },
      });
    },
    XCOVER_SIGNATURE_ENCODING: () => createQuote({ headers: urlSafeSignedHeaders() }),
    XCOVER_SIGNATURE_MISMATCH: () => createQuote({ apiSecret: 'not_the_secret' }),
    XCOVER_PARTNER_MISMATCH: () => xcoverFetch(x.url, 'POST', '/x/partners/OTHER/quotes/', quoteBody()),
  };

  it('covers every auth reason code of the verifier', () => {
    expect(Object.keys(REJECTIONS).sort()).toEqual(
      [...Object.keys(XCOVER_AUTH_REASONS), 'XCOVER_PARTNER_MISMATCH'].sort(),
    );
  });

  it.each(Object.entries(REJECTIONS))('rejects with 401 %s and stores nothing', async (reason, send) => {
    const response = await send();
    const body = await jsonOf<XCoverError>(response);
    expect({ status: response.status, reason: response.headers.get('x-sandbox-reason') }).toEqual({
      status: 401,
      reason,
    });
    const message =
      reason === 'XCOVER_PARTNER_MISMATCH'
        ? 'No valid API key was provided'
        : XCOVER_AUTH_REASONS[reason as XCoverAuthReason].message;
    expect(body).toEqual({ type: 'authentication_error', message, errors: [] });
    expect(await packageCount(x)).toBe(0);
    expect(await packageCount(strict)).toBe(0);
  });

  it('answers a URL-safe base64 signature with "Signature string does not match!"', async () => {
    const body = await jsonOf<XCoverError>(await createQuote({ headers: urlSafeSignedHeaders() }));
    expect(body.message).toBe('Signature string does not match!');
  });

  it('accepts requests without X-Api-Key by default, and with it when requireApiKey is set', async () => {
    expect((await createQuote({ sendApiKey: false })).status).toBe(201);
    expect((await createQuote({ sendApiKey: true }, strict)).status).toBe(201);
  });

  describe.each(['/x', '/xcover'])('under the base path %s', (base) => {
    const combos = XCOVER_ALGORITHMS.flatMap((algorithm) =>
      [undefined, ['(request-target)', 'date']].map((signedHeaders) => ({ algorithm, signedHeaders })),
    );
    it.each(combos)(
      'accepts $algorithm with signed headers $signedHeaders',
      async ({ algorithm, signedHeaders }) => {
        const options: XCoverFetchOptions = { algorithm, ...(signedHeaders ? { signedHeaders } : {}) };
        const created = await xcoverFetch(
          x.url,
          'POST',
          `${base}/partners/LLODT/quotes/`,
          quoteBody(),
          options,
        );
        expect(created.status).toBe(201);
        const { id } = await jsonOf<{ id: string }>(created);
        const read = await xcoverFetch(
          x.url,
          'GET',
          `${base}/partners/LLODT/quotes/${id}/`,
          undefined,
          options,
        );
        expect(read.status).toBe(200);
      },
    );
  });

  it('signs (request-target) with the base path: a signature for /x does not pass under /xcover', async () => {
    const signed = authorizationFor({ signedHeaders: ['(request-target)', 'date'] });
    const response = await xcoverFetch(x.url, 'POST', '/xcover/partners/LLODT/quotes/', quoteBody(), {
      headers: { date: signed.date, authorization: signed.authorization },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-sandbox-reason')).toBe('XCOVER_SIGNATURE_MISMATCH');
  });

  describe('clock-skew window', () => {
    it.each([
      ['exactly 300 s in the past', -300_000],
      ['exactly 300 s in the future', 300_000],
    ])('accepts a Date %s of the sandbox clock', async (_label, offset) => {
      await setClock(x.url, { now: FROZEN });
      expect((await createQuote({ date: new Date(FROZEN_MS + offset) })).status).toBe(201);
    });

    it('follows the clockSkewSeconds setting', async () => {
      const narrow = await startXCover({ clockSkewSeconds: 30 });
      try {
        await setClock(narrow.url, { now: FROZEN });
        const at = (seconds: number) => createQuote({ date: new Date(FROZEN_MS + seconds * 1000) }, narrow);
        expect((await at(-30)).status).toBe(201);
        expect((await at(30)).status).toBe(201);
        expect((await at(-31)).headers.get('x-sandbox-reason')).toBe('XCOVER_DATE_STALE');
        expect((await at(31)).headers.get('x-sandbox-reason')).toBe('XCOVER_DATE_FUTURE');
        // The default window (300 s) still accepts 31 s.
        await setClock(x.url, { now: FROZEN });
        expect((await createQuote({ date: new Date(FROZEN_MS - 31_000) })).status).toBe(201);
      } finally {
        await narrow.server.close();
      }
    });
  });

  describe('the journal', () => {
    it('shows the string to sign and its digest for a failed signature, never the secret or a signature', async () => {
      const wrong = signXCoverRequest(
        { method: 'POST', path: QUOTES, headers: {} },
        { apiKey: API_KEY, apiSecret: 'not_the_secret' },
        { signedHeaders: ['(request-target)', 'date'] },
      );
      const good = authorizationFor();
      expect(
        (await createQuote({ headers: { date: wrong.date, authorization: wrong.authorization } })).status,
      ).toBe(401);
      expect(
        (await createQuote({ headers: { date: good.date, authorization: good.authorization } })).status,
      ).toBe(201);
      // An integrator who puts the secret in keyId must not find it echoed back either.
      expect((await createQuote({ apiKey: API_SECRET, sendApiKey: false })).status).toBe(401);

      const entries = await journal(x.url);
      expect(entries.map((entry) => [entry.status, entry.reason])).toEqual([
        [401, 'XCOVER_SIGNATURE_MISMATCH'],
        [201, null],
        [401, 'XCOVER_KEY_UNKNOWN'],
      ]);
      const stringToSign = `(request-target): post ${QUOTES}\ndate: ${wrong.date}`;
      expect(entries[0]?.checked.auth).toEqual({
        XCoverSignature: expect.objectContaining({
          // Every credential in force is hidden wherever it appears, the API key too.
          keyId: '[redacted]',
          algorithm: 'hmac-sha512',
          signedHeaders: ['(request-target)', 'date'],
          stringToSign,
          stringToSignSha256: createHash('sha256').update(stringToSign).digest('hex'),
          date: wrong.date,
          detail: expect.any(String) as unknown,
        }),
      });
      expect(entries[0]?.headers.authorization).toBe('[redacted]');

      const dump = JSON.stringify(entries);
      const signatureOf = (authorization: string) => /signature="([^"]+)"/.exec(authorization)?.[1] ?? '';
      const forbidden = [
        API_SECRET,
        wrong.authorization,
        good.authorization,
        signatureOf(wrong.authorization),
        signatureOf(good.authorization),
        decodeURIComponent(signatureOf(wrong.authorization)),
        decodeURIComponent(signatureOf(good.authorization)),
      ];
      for (const text of forbidden) {
        expect(text.length).toBeGreaterThan(10);
        expect(dump.includes(text)).toBe(false);
      }
    });
  });
  describe('revoked keys', () => {
    const revoke = (key: string) =>
      fetch(`${x.url}/__sandbox/keys/revoke`, { method: 'POST', body: JSON.stringify({ key }) });

    it('refuses a revoked API key (or secret) from the next request on with XCover’s 401, until reset', async () => {
      expect((await createQuote()).status).toBe(201);
      expect((await revoke(API_KEY)).status).toBe(200);
      const refused = await createQuote();
      expect(refused.status).toBe(401);
      expect(refused.headers.get('x-sandbox-reason')).toBe('XCOVER_KEY_REVOKED');
      expect(await jsonOf<XCoverError>(refused)).toMatchObject({ type: 'authentication_error' });
      expect(await packageCount(x)).toBe(1);
      x.sandbox.reset();
      expect((await revoke(API_SECRET)).status).toBe(200);
      expect((await createQuote()).headers.get('x-sandbox-reason')).toBe('XCOVER_KEY_REVOKED');
      x.sandbox.reset();
      expect((await createQuote()).status).toBe(201);
    });

    it('revokes only a credential in force, and never repeats the value', async () => {
      const unknown = await revoke('xcover_test_other_key');
      expect(unknown.status).toBe(400);
      expect(unknown.headers.get('x-sandbox-reason')).toBe('XCOVER_CONTROL_INVALID');
      expect(await unknown.text()).not.toContain('xcover_test_other_key');
    });
  });
});
