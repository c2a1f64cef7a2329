/**
 * Regression tests over real HTTP for issue 7's findings on the XCover mock: memory bounded in bytes and
 * freed by reset, answers built before state changes with a nesting limit on bodies, provider states that
 * cannot overwrite a package, live keys refused, a `__proto__` field named in the validation error.
 */
import { resolveProviderConfigs } from '../../../mocks/runtime/config';
import { xcoverProvider } from '../../../mocks/xcover/provider';
import {
  type BookingView,
  expectRejected,
  jsonOf,
  journal,
  P,
  POLICYHOLDER,
  quoteBody,
  quoteItem,
  type QuotePackageView,
  useXCoverSandbox,
} from '../../helpers/xcover';

const QUOTES = `${P}/quotes/`;
const MIB = 1024 * 1024;

/** `{"a": {"a": ... {}}}`, `depth` objects deep, as JSON text (JSON.stringify itself fails on 5,000 levels). */
const nestedJson = (depth: number): string => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;

describe('XCover mock: memory bounded in bytes', () => {
  const sandbox = useXCoverSandbox({ maxStateBytes: MIB });
  const { call } = sandbox;

  const createQuote = async (item: Record<string, unknown>): Promise<string> => {
    const response = await call('POST', QUOTES, quoteBody([quoteItem(item)]));
    expect(response.status).toBe(201);
    return (await jsonOf<QuotePackageView>(response)).id;
  };

  it('keeps nothing of the fields no view reads, however large', async () => {
    await createQuote({ padding: 'x'.repeat(700 * 1024), tickets: [{ price: 100, seat: 'y'.repeat(1000) }] });
    const { packages } = sandbox.x.sandbox.state();
    expect(packages.size).toBe(1);
    expect(packages.bytes).toBeLessThan(16 * 1024);
  });

  it('forgets the oldest packages once their bytes pass maxStateBytes, and reset frees the rest', async () => {
    // Event names are shown in every policy view, so they are kept: 200 K characters each.
    const ids: string[] = [];
    for (let index = 0; index < 6; index += 1)
      ids.push(await createQuote({ event_name: `${index}`.repeat(200 * 1024) }));
    const { packages } = sandbox.x.sandbox.state();
    expect(packages.bytes).toBeLessThanOrEqual(MIB);
    expect(packages.size).toBeLessThan(6);
    await expectRejected(await call('GET', `${QUOTES}${ids[0]}/`), 404, 'XCOVER_QUOTE_PACKAGE_NOT_FOUND');
    const newest = await call('GET', `${QUOTES}${ids[5]}/`);
    expect(newest.status).toBe(200);
    await newest.text();

    expect((await fetch(`${sandbox.x.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect([sandbox.x.sandbox.state().packages.size, sandbox.x.sandbox.state().packages.bytes]).toEqual([
      0, 0,
    ]);
  });
});

describe('XCover mock: answers before state, and the nesting limit', () => {
  const sandbox = useXCoverSandbox();
  const { call } = sandbox;

  const createQuote = async (): Promise<QuotePackageView> =>
    jsonOf<QuotePackageView>(await call('POST', QUOTES, quoteBody()));
  /** Books the package's quote for one insured person carrying `extra`, JSON text nested as deep as it is. */
  const book = (pkg: QuotePackageView, extra: string) => {
    const quoteId = (pkg.quotes['0'] as { id: string }).id;
    const person = `{"first_name":"Ann","last_name":"Lee","extra":${extra}}`;
    const raw = `{"quotes":[{"id":"${quoteId}","insured":[${person}]}],"policyholder":${JSON.stringify(POLICYHOLDER)}}`;
    return call('POST', `${P}/bookings/${pkg.id}/`, undefined, { raw });
  };

  it('refuses a booking whose insured person nests 5,000 deep, stores nothing and keeps answering', async () => {
    const booked = await createQuote();
    expect((await book(booked, '{}')).status).toBe(200);
    const target = await createQuote();

    const deep = await book(target, nestedJson(5000));
    const error = await expectRejected(deep, 400, 'XCOVER_BODY_TOO_DEEP');
    expect(error).toMatchObject({ type: 'parse_error', message: expect.stringMatching(/deeper than 32/) });

    const quote = await call('GET', `${QUOTES}${target.id}/`);
    expect((await jsonOf<QuotePackageView>(quote)).status).toBe('RECEIVED');
    await expectRejected(
      await call('GET', `${P}/bookings/${target.id}/`),
      404,
      'XCOVER_QUOTE_PACKAGE_NOT_FOUND',
    );
    const kept = await call('GET', `${P}/bookings/${booked.id}/`);
    expect(kept.status).toBe(200);
    await kept.text();
    const list = await call('GET', `${P}/bookings/`);
    expect(list.status).toBe(200);
    expect((await jsonOf<{ count: number }>(list)).count).toBe(1);
  });

  it('accepts, stores and serves again an insured person nested up to the limit', async () => {
    const target = await createQuote();
    // Body, quotes, the item, insured and the person take 5 levels; the extra field the other 27.
    const response = await book(target, nestedJson(27));
    expect(response.status).toBe(200);
    const booking = await call('GET', `${P}/bookings/${target.id}/`);
    expect((await jsonOf<BookingView>(booking)).status).toBe('CONFIRMED');
  });

  it('refuses a control request nested too deep as an invalid control input', async () => {
    const response = await fetch(`${sandbox.x.url}/__sandbox/provider-states`, {
      method: 'POST',
      body: JSON.stringify({
        state: 'a confirmed booking exists',
        params: { insured: [JSON.parse(nestedJson(100)) as unknown] },
      }),
    });
    expect([response.status, response.headers.get('x-sandbox-reason')]).toEqual([
      400,
      'XCOVER_CONTROL_INVALID',
    ]);
    expect(sandbox.x.sandbox.state().packages.size).toBe(0);
  });
});

describe('XCover mock: provider states', () => {
  const sandbox = useXCoverSandbox();
  const setState = (state: string, params: Record<string, unknown>) =>
    fetch(`${sandbox.x.url}/__sandbox/provider-states`, {
      method: 'POST',
      body: JSON.stringify({ state, params }),
    });

  it('refuses a quote_package_id already in use instead of overwriting that package', async () => {
    const id = 'ABCDE-12345-INS';
    expect((await setState('a confirmed booking exists', { quote_package_id: id })).status).toBe(200);
    const reused = await setState('a quote package exists', { quote_package_id: id });
    expect([reused.status, reused.headers.get('x-sandbox-reason')]).toEqual([400, 'XCOVER_CONTROL_INVALID']);
    expect(((await reused.json()) as { error: string }).error).toMatch(/in use/);
    const booking = await sandbox.call('GET', `${P}/bookings/${id}/`);
    expect((await jsonOf<BookingView>(booking)).status).toBe('CONFIRMED');
    expect(sandbox.x.sandbox.state().packages.size).toBe(1);
  });
});

describe('XCover mock: live keys', () => {
  const sandbox = useXCoverSandbox();
  const { call } = sandbox;

  it.each([
    ['a keyId', { apiKey: 'xcover_live_4f2a9c' }],
    ['an sk_live_ keyId', { apiKey: 'sk_live_4f2a9c', sendApiKey: false }],
    ['an X-Api-Key', { headers: { 'x-api-key': 'XCOVER_LIVE_4f2a9c' } }],
  ])('refuses %s shaped as a live key before checking the signature', async (_, options) => {
    const response = await call('POST', QUOTES, quoteBody(), options);
    const error = await expectRejected(response, 401, 'XCOVER_LIVE_KEY');
    expect(error).toMatchObject({
      type: 'authentication_error',
      message: expect.stringMatching(/^Live keys never work against the sandbox/),
    });
    const [entry] = await journal(sandbox.x.url);
    expect(JSON.stringify(entry?.checked)).not.toMatch(/4f2a9c/);
    expect(sandbox.x.sandbox.state().packages.size).toBe(0);
  });

  it('refuses live-shaped credentials in the config', () => {
    for (const credentials of [{ apiKey: 'xcover_live_abc' }, { apiSecret: 'sk_live_abc' }]) {
      expect(() => resolveProviderConfigs([xcoverProvider], { xcover: credentials })).toThrow(
        /xcover: api(Key|Secret) looks like a live key .*; the sandbox never accepts live keys/,
      );
    }
    expect(() => resolveProviderConfigs([xcoverProvider], {})).not.toThrow();
  });
});

describe('XCover mock: a field named __proto__', () => {
  const sandbox = useXCoverSandbox();

  it('is named in the validation error like any unknown field', async () => {
    const body = JSON.stringify(quoteBody()).replace(/^\{/, '{"__proto__": {"admin": true},');
    const response = await sandbox.call('POST', QUOTES, undefined, { raw: body });
    const error = await expectRejected(response, 422, 'XCOVER_BODY_INVALID');
    expect(error.errors).toEqual(JSON.parse('{"__proto__": "Unexpected field"}'));
    expect(sandbox.x.sandbox.state().packages.size).toBe(0);
  });
});
