import { KigoAuthenticationError } from './errors';
import { KigoPartnerSession } from './session';

/** A fake Kigo that issues numbered tokens, or refuses while `refusing` is set. */
function fakeKigo() {
  const fake = {
    issued: 0,
    refusing: false,
    fetch: (async () => {
      if (fake.refusing) {
        return new Response('{"error":"unauthorized","message":"This key has been revoked."}', {
          status: 401,
          headers: { 'x-sandbox-reason': 'KIGO_KEY_REVOKED' },
        });
      }
      fake.issued += 1;
      return Response.json({ token: `token-${fake.issued}` });
    }) as typeof fetch,
  };
  return fake;
}

describe('KigoPartnerSession', () => {
  let nowMs = Date.UTC(2030, 4, 1);
  const session = (kigo: ReturnType<typeof fakeKigo>) =>
    new KigoPartnerSession({
      baseUrl: 'http://kigo.invalid',
      apiKey: 'key',
      partnerId: 'partner',
      fetch: kigo.fetch,
      now: () => new Date(nowMs),
    });

  it('keeps its token until shortly before it expires', async () => {
    const kigo = fakeKigo();
    const partner = session(kigo);
    expect(await partner.token()).toBe('token-1');
    nowMs += (1800 - 61) * 1000;
    expect(await partner.token()).toBe('token-1');
    nowMs += 1000;
    expect(await partner.token()).toBe('token-2');
  });

  it('renews once for concurrent callers, and not again for a token already replaced', async () => {
    const kigo = fakeKigo();
    const partner = session(kigo);
    const first = await partner.token();
    const renewed = await Promise.all([partner.renew(first), partner.renew(first), partner.token()]);
    expect(renewed).toEqual(['token-2', 'token-2', 'token-1']);
    expect(await partner.renew(first)).toBe('token-2');
    expect(partner.renewals).toBe(2);
  });

  it('throws a KigoAuthenticationError to every waiting caller, and tries afresh on the next call', async () => {
    const kigo = fakeKigo();
    kigo.refusing = true;
    const partner = session(kigo);
    const calls = [partner.token(), partner.token()];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(KigoAuthenticationError);
    await expect(calls[0]).rejects.toThrow(
      'Kigo refused the partner session: 401 KIGO_KEY_REVOKED This key has been revoked.',
    );
    kigo.refusing = false;
    expect(await partner.token()).toBe('token-1');
  });
});
