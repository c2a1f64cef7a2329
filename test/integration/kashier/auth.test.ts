import { expectRejected, jsonOf } from '../../helpers/sandbox';
import {
  API_KEY,
  LIVE_API_KEY,
  LIVE_SECRET,
  SECRET,
  VIEWER_KEY,
  sessionBody,
  useKashierSandbox,
} from '../../helpers/kashier';

const GATEWAY = { error: 'Authorization error', message: 'Invalid token' };

describe('Kashier secret keys and modes', () => {
  const kashier = useKashierSandbox({
    members: [
      { email: 'dev@m.example', role: 'developer', secretKey: 'aaaaaaaa11111111$bbbbbbbb22222222' },
      { email: 'refunds@m.example', role: 'refunder', secretKey: 'cccccccc33333333$dddddddd44444444' },
      { email: 'nobody@m.example', role: 'no-such-role', secretKey: 'eeeeeeee55555555$ffffffff66666666' },
      { email: 'viewer@m.example', role: 'viewer', secretKey: VIEWER_KEY },
    ],
    roles: { refunder: ['refunds:create', 'orders:read'] },
  });
  const { call } = kashier;

  it.each([
    ['no Authorization header', null, 'KASHIER_KEY_MISSING'],
    ['an empty header', ' ', 'KASHIER_KEY_MALFORMED'],
    ['a scheme before the key', `Bearer ${SECRET}`, 'KASHIER_KEY_MALFORMED'],
    ['a key whose $ half a shell expanded away', SECRET.split('$')[0] as string, 'KASHIER_KEY_MALFORMED'],
    ['an unknown key of the right shape', '0123456789abcdef$0123456789abcdef', 'KASHIER_KEY_UNKNOWN'],
    ['the live key on a test host', LIVE_SECRET, 'KASHIER_KEY_WRONG_MODE'],
  ])('refuses %s with the gateway’s 401 and its own reason', async (_what, key, reason) => {
    const response = await call('GET', '/payments/orders/ORD-1', undefined, { key });
    expect(await expectRejected(response, 401, reason)).toEqual(GATEWAY);
  });

  it('refuses the test key on a live host, and a live key on the live host gets through', async () => {
    await expectRejected(await call('GET', '/live/payments/orders/O'), 401, 'KASHIER_KEY_WRONG_MODE');
    const live = await call('GET', '/live/payments/orders/O', undefined, { key: LIVE_SECRET });
    await expectRejected(live, 404, 'KASHIER_ORDER_NOT_FOUND');
  });

  it('needs the payment API key of the same mode to create a session', async () => {
    const body = sessionBody('ORD-A');
    await expectRejected(await call('POST', '/v3/payment/sessions', body), 401, 'KASHIER_API_KEY_MISSING');
    const wrong = await call('POST', '/v3/payment/sessions', body, { apiKey: 'not-a-key' });
    await expectRejected(wrong, 401, 'KASHIER_API_KEY_INVALID');
    const empty = await call('POST', '/v3/payment/sessions', body, { apiKey: '' });
    await expectRejected(empty, 401, 'KASHIER_API_KEY_INVALID');
    const live = await call('POST', '/v3/payment/sessions', body, { apiKey: LIVE_API_KEY });
    await expectRejected(live, 401, 'KASHIER_KEY_WRONG_MODE');
    expect(kashier.k.sandbox.state().test.sessions.size).toBe(0);
    const ok = await call('POST', '/v3/payment/sessions', body, { apiKey: API_KEY });
    expect(ok.status).toBe(201);
  });

  it('keeps objects of one mode invisible in the other (404)', async () => {
    const created = await call('POST', '/v3/payment/sessions', sessionBody('ORD-M'), { apiKey: API_KEY });
    const { _id: id } = await jsonOf<{ _id: string }>(created);
    expect((await call('GET', `/v3/payment/sessions/${id}`)).status).toBe(200);
    const fromLive = await call('GET', `/live/v3/payment/sessions/${id}`, undefined, { key: LIVE_SECRET });
    await expectRejected(fromLive, 404, 'KASHIER_SESSION_NOT_FOUND');
    // The same order id is free in live mode.
    const liveSession = await call('POST', '/live/v3/payment/sessions', sessionBody('ORD-M'), {
      key: LIVE_SECRET,
      apiKey: LIVE_API_KEY,
    });
    expect(liveSession.status).toBe(201);
    expect((await jsonOf<{ sessionUrl: string }>(liveSession)).sessionUrl).toMatch(
      /\/live\/checkout\/session\/[0-9a-f]{24}\?mode=live$/,
    );
  });

  it('refuses a revoked key from the very next request, the payment API key too', async () => {
    expect((await call('GET', '/payments/orders/O')).status).toBe(404);
    await fetch(`${kashier.k.url}/__sandbox/keys/revoke`, {
      method: 'POST',
      body: JSON.stringify({ key: SECRET }),
    });
    expect(await expectRejected(await call('GET', '/payments/orders/O'), 401, 'KASHIER_KEY_REVOKED')).toEqual(
      GATEWAY,
    );
    kashier.k.sandbox.reset();
    await fetch(`${kashier.k.url}/__sandbox/keys/revoke`, {
      method: 'POST',
      body: JSON.stringify({ key: API_KEY }),
    });
    const session = await call('POST', '/v3/payment/sessions', sessionBody('ORD-R'), { apiKey: API_KEY });
    await expectRejected(session, 401, 'KASHIER_KEY_REVOKED');
  });

  it('gives team members their role’s permissions: 403 names the missing one', async () => {
    const viewer = await call(
      'PUT',
      '/fep/v3/orders/O',
      { apiOperation: 'REFUND', transaction: { amount: 1 } },
      {
        key: VIEWER_KEY,
      },
    );
    const denied = await expectRejected<{ error: { cause: string } }>(
      viewer,
      403,
      'KASHIER_PERMISSION_DENIED',
    );
    expect(denied.error.cause).toBe('Permission "refunds:create" is required for this operation.');
    // A default role, a custom role, an unknown role.
    const developer = await call('GET', '/payments/orders/O', undefined, {
      key: 'aaaaaaaa11111111$bbbbbbbb22222222',
    });
    await expectRejected(developer, 404, 'KASHIER_ORDER_NOT_FOUND');
    const refunder = await call(
      'PUT',
      '/fep/v3/orders/O',
      { apiOperation: 'REFUND', transaction: { amount: 1 } },
      {
        key: 'cccccccc33333333$dddddddd44444444',
      },
    );
    await expectRejected(refunder, 404, 'KASHIER_ORDER_NOT_FOUND');
    const refunderSession = await call('POST', '/v3/payment/sessions', sessionBody('X'), {
      key: 'cccccccc33333333$dddddddd44444444',
      apiKey: API_KEY,
    });
    await expectRejected(refunderSession, 403, 'KASHIER_PERMISSION_DENIED');
    const nobody = await call('GET', '/payments/orders/O', undefined, {
      key: 'eeeeeeee55555555$ffffffff66666666',
    });
    await expectRejected(nobody, 403, 'KASHIER_PERMISSION_DENIED');
    // A member's key is revocable like any other.
    await fetch(`${kashier.k.url}/__sandbox/keys/revoke`, {
      method: 'POST',
      body: JSON.stringify({ key: VIEWER_KEY }),
    });
    await expectRejected(
      await call('GET', '/payments/orders/O', undefined, { key: VIEWER_KEY }),
      401,
      'KASHIER_KEY_REVOKED',
    );
  });
});
