/**
 * The provider state 'an instant booking was made with an idempotency key': the first attempt a contract's
 * retry interaction needs, kept by the runtime's idempotency store as an HTTP request with that key would be.
 */
import { cachedRequestExample } from '../../../mocks/runtime/examples';
import { loadSpec } from '../../../mocks/runtime/spec';
import { XCOVER_SPEC_PATH } from '../../../mocks/xcover/catalogue';
import { providerState } from '../../helpers/sandbox';
import { expectRejected, instantBookingBody, P, packageCount, useXCoverSandbox } from '../../helpers/xcover';

const STATE = 'an instant booking was made with an idempotency key';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(`XCover provider state "${STATE}"`, () => {
  const sandbox = useXCoverSandbox();
  const book = (body: unknown, key: string) =>
    sandbox.call('POST', `${P}/instant_booking/`, body, { idempotencyKey: key });

  it('books under a fresh key; a retry with the spec example body is the replay of that booking', async () => {
    const first = await providerState(sandbox.x.url, STATE);
    const again = await providerState(sandbox.x.url, STATE);
    expect(first.idempotency_key).toMatch(UUID);
    expect(again.idempotency_key).not.toBe(first.idempotency_key);
    const example = cachedRequestExample(loadSpec(XCOVER_SPEC_PATH), 'instantBooking');
    const retry = await book(example, first.idempotency_key as string);
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { id: string }).id).toBe(first.quote_package_id);
  });

  it('books the given request under the given key; that key with another body is refused', async () => {
    const body = instantBookingBody();
    const made = await providerState(sandbox.x.url, STATE, { request: body, key: 'retry-key-1' });
    expect(made.idempotency_key).toBe('retry-key-1');
    const retry = await book(body, 'retry-key-1');
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { id: string }).id).toBe(made.quote_package_id);
    await expectRejected(
      await book({ ...body, currency: 'EUR' }, 'retry-key-1'),
      422,
      'XCOVER_IDEMPOTENCY_KEY_REUSED',
    );
  });

  it.each([
    ['a key no header could carry', { key: 'two words' }],
    ['a request that is not an instant booking', { request: { currency: 7, request: 'none' } }],
    ['a request the spec refuses', { request: { ...instantBookingBody(), currency: 'GBPX' } }],
  ])('refuses %s, and stores nothing', async (_what, params) => {
    const response = await fetch(`${sandbox.x.url}/__sandbox/provider-states`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: STATE, params }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-sandbox-reason')).toBe('XCOVER_CONTROL_INVALID');
    expect(await packageCount(sandbox.x)).toBe(0);
  });
});
