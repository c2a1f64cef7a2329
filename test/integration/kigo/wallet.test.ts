/**
 * Kigo's accounts and Loyalty Wallet over real HTTP: lookup by external ids, profile, stage, the gallery with
 * its page and filters, and every token action gated by the token's flags and status; accounts and partners
 * that cannot see each other's objects.
 */
import { OTHER_PARTNER, expectRejected, useKigoSandbox, type AccountSession } from '../../helpers/kigo';

interface Gallery {
  tokens: { id: string; name: string; status: string; flags: Record<string, boolean> }[];
  total_count: number;
  offset: number;
  limit: number;
}
interface TokenView {
  id: string;
  status: string;
  revealed: boolean;
  hidden: boolean;
  supported_actions: string[];
  child_tokens: { code: string | null }[];
  redemption: { status: string; code: string | null };
  share: { claim_code: string } | null;
}

describe('Kigo accounts and wallet', () => {
  const kigo = useKigoSandbox();
  const { call } = kigo;

  const gallery = async (session: AccountSession, query = '') => {
    const response = await call('GET', `/api/v1/tokens${query}`, { token: session.token });
    expect(response.status).toBe(200);
    return (await response.json()) as Gallery;
  };
  /** The sample token with a given flag. */
  const sampleWith = async (session: AccountSession, flag: string) => {
    const found = (await gallery(session, `?flag=${flag}`)).tokens[0];
    if (!found) throw new Error(`no sample token with ${flag}`);
    return found.id;
  };
  const act = (session: AccountSession, id: string, action: string, method = 'POST') =>
    call(method, `/api/v1/tokens/${id}/${action}`, { token: session.token });

  describe('accounts', () => {
    it('are found by external ids, by their own partner only', async () => {
      const session = await kigo.accountSession('user-7');
      const partner = await kigo.partnerToken();
      const found = await call(
        'GET',
        '/api/v1/accounts/lookup?external_user_id=user-7&external_program_id=program-001',
        {
          token: partner,
        },
      );
      expect(await found.json()).toMatchObject({ account_id: session.account_id, stage: 'registered' });
      const anyProgram = await call('GET', '/api/v1/accounts/lookup?external_user_id=user-7', {
        token: partner,
      });
      expect(((await anyProgram.json()) as { account_id: string }).account_id).toBe(session.account_id);
      const other = await kigo.partnerToken(OTHER_PARTNER);
      const hidden = await call('GET', '/api/v1/accounts/lookup?external_user_id=user-7', { token: other });
      expect(await expectRejected(hidden, 404, 'KIGO_ACCOUNT_NOT_FOUND')).toEqual({
        error: 'not_found',
        message: 'Account not found.',
      });
      await expectRejected(
        await call('GET', '/api/v1/accounts/lookup', { token: partner }),
        400,
        'KIGO_QUERY_INVALID',
      );
    });

    it('are per partner: the same external ids under another partner are another account', async () => {
      const mine = await kigo.accountSession('user-8');
      const theirs = await kigo.accountSession('user-8', OTHER_PARTNER);
      expect(theirs.account_id).not.toBe(mine.account_id);
    });

    it('have a profile and a stage that change as asked, and refuse bad changes storing nothing', async () => {
      const session = await kigo.accountSession();
      const changed = await call('PATCH', '/api/v1/accounts/profile', {
        token: session.token,
        body: { first_name: 'Ada', last_name: 'Lovelace' },
      });
      expect(await changed.json()).toMatchObject({
        first_name: 'Ada',
        last_name: 'Lovelace',
        email: 'ada@example.com',
      });
      await expectRejected(
        await call('PATCH', '/api/v1/accounts/profile', { token: session.token, body: {} }),
        422,
        'KIGO_BODY_INVALID',
      );
      const staged = await call('PATCH', '/api/v1/accounts/stage', {
        token: session.token,
        body: { stage: 'onboarded' },
      });
      expect(await staged.json()).toEqual({ stage: 'onboarded' });
      await expectRejected(
        await call('PATCH', '/api/v1/accounts/stage', { token: session.token, body: { stage: 'gone' } }),
        422,
        'KIGO_BODY_INVALID',
      );
      const stage = await call('GET', '/api/v1/accounts/stage', { token: session.token });
      expect(await stage.json()).toEqual({ stage: 'onboarded' });
      const profile = await call('GET', '/api/v1/accounts/profile', { token: session.token });
      expect(await profile.json()).toMatchObject({ first_name: 'Ada' });
    });
  });

  describe('gallery', () => {
    it('pages with offset and limit, and filters by tag, flag, status and hidden', async () => {
      const session = await kigo.accountSession();
      const all = await gallery(session);
      expect(all.total_count).toBe(3);
      const page = await gallery(session, '?offset=1&limit=1');
      expect(page).toMatchObject({ total_count: 3, offset: 1, limit: 1 });
      expect(page.tokens.map((token) => token.id)).toEqual([all.tokens[1]?.id]);
      expect((await gallery(session, '?tag=coffee&tag=coupon')).tokens.map((token) => token.name)).toEqual([
        '10% off at Blue Bottle',
      ]);
      expect((await gallery(session, '?flag=is_redeemable')).total_count).toBe(2);
      expect((await gallery(session, '?status=redeemed')).total_count).toBe(0);
      await act(session, await sampleWith(session, 'is_revealable'), 'hide');
      expect((await gallery(session)).total_count).toBe(2);
      expect((await gallery(session, '?include_hidden=true')).total_count).toBe(3);
      const bad = await call('GET', '/api/v1/tokens?limit=101', { token: session.token });
      await expectRejected(bad, 400, 'KIGO_QUERY_INVALID');
      await expectRejected(
        await call('GET', '/api/v1/tokens?flag=is_shiny', { token: session.token }),
        400,
        'KIGO_QUERY_INVALID',
      );
    });
  });

  describe('token actions', () => {
    it('reveal a revealable bundle once, giving its child tokens their codes', async () => {
      const session = await kigo.accountSession();
      const id = await sampleWith(session, 'is_revealable');
      const before = (await (
        await call('GET', `/api/v1/tokens/${id}`, { token: session.token })
      ).json()) as TokenView;
      expect(before.child_tokens.every((child) => child.code === null)).toBe(true);
      expect(before.supported_actions).toEqual(['reveal', 'hide']);
      const revealed = (await (await act(session, id, 'reveal')).json()) as TokenView;
      expect(revealed.revealed).toBe(true);
      expect(revealed.child_tokens.every((child) => typeof child.code === 'string')).toBe(true);
      await expectRejected(await act(session, id, 'reveal'), 422, 'KIGO_TOKEN_ALREADY_REVEALED');
      await expectRejected(await act(session, id, 'redeem'), 422, 'KIGO_ACTION_NOT_ALLOWED');
      const share = await expectRejected(await act(session, id, 'share'), 422, 'KIGO_ACTION_NOT_ALLOWED');
      expect(share.message).toContain('flags.is_shareable');
    });

    it('redeem a redeemable token once; a redeemed token cannot be shared', async () => {
      const session = await kigo.accountSession();
      const coupon = await sampleWith(session, 'is_shareable');
      const redeemed = (await (await act(session, coupon, 'redeem')).json()) as TokenView;
      expect(redeemed).toMatchObject({ status: 'redeemed', redemption: { status: 'redeemed' } });
      expect(redeemed.redemption.code).toEqual(expect.any(String));
      await expectRejected(await act(session, coupon, 'redeem'), 422, 'KIGO_TOKEN_ALREADY_REDEEMED');
      await expectRejected(await act(session, coupon, 'share'), 422, 'KIGO_TOKEN_ALREADY_REDEEMED');
      await expectRejected(
        await act(session, await sampleWith(session, 'is_revealable'), 'reveal', 'GET'),
        405,
        'KIGO_METHOD_NOT_ALLOWED',
      );
    });

    it('share with a claim code that another account claims; the token moves', async () => {
      const sender = await kigo.accountSession('sender');
      const recipient = await kigo.accountSession('recipient');
      const coupon = await sampleWith(sender, 'is_shareable');
      const shared = (await (await act(sender, coupon, 'share')).json()) as {
        claim_code: string;
        token: TokenView;
      };
      expect(shared.claim_code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(shared.token).toMatchObject({
        status: 'pending_share',
        supported_actions: ['cancel_share', 'hide'],
      });
      await expectRejected(await act(sender, coupon, 'share'), 422, 'KIGO_TOKEN_SHARE_PENDING');
      await expectRejected(await act(sender, coupon, 'redeem'), 422, 'KIGO_TOKEN_SHARE_PENDING');
      const preview = await call('GET', `/api/v1/tokens/claim?claim_code=${shared.claim_code}`, {
        token: recipient.token,
      });
      expect(await preview.json()).toMatchObject({ claim_code: shared.claim_code, token: { id: coupon } });
      const own = await call('POST', '/api/v1/tokens/claim', {
        token: sender.token,
        body: { claim_code: shared.claim_code },
      });
      await expectRejected(own, 422, 'KIGO_CLAIM_OWN_TOKEN');
      const claimed = await call('POST', '/api/v1/tokens/claim', {
        token: recipient.token,
        body: { claim_code: shared.claim_code },
      });
      expect(await claimed.json()).toMatchObject({ id: coupon, status: 'active', share: null });
      expect((await gallery(sender)).total_count).toBe(2);
      expect((await gallery(recipient)).total_count).toBe(4);
      const again = await call('POST', '/api/v1/tokens/claim', {
        token: recipient.token,
        body: { claim_code: shared.claim_code },
      });
      await expectRejected(again, 404, 'KIGO_CLAIM_CODE_INVALID');
      // The sender no longer sees it: the token is another account's now.
      await expectRejected(
        await call('GET', `/api/v1/tokens/${coupon}`, { token: sender.token }),
        404,
        'KIGO_OBJECT_OF_ANOTHER_ACCOUNT',
      );
    });

    it('cancel a pending share: the code stops working, the token is active again', async () => {
      const sender = await kigo.accountSession('sender');
      const recipient = await kigo.accountSession('recipient');
      const coupon = await sampleWith(sender, 'is_shareable');
      const { claim_code } = (await (await act(sender, coupon, 'share')).json()) as { claim_code: string };
      const cancelled = (await (await act(sender, coupon, 'share', 'DELETE')).json()) as TokenView;
      expect(cancelled).toMatchObject({ status: 'active', share: null });
      await expectRejected(await act(sender, coupon, 'share', 'DELETE'), 422, 'KIGO_TOKEN_NOT_SHARED');
      const claim = await call('POST', '/api/v1/tokens/claim', {
        token: recipient.token,
        body: { claim_code },
      });
      await expectRejected(claim, 404, 'KIGO_CLAIM_CODE_INVALID');
    });

    it('hide a token', async () => {
      const session = await kigo.accountSession();
      const id = await sampleWith(session, 'is_redeemable');
      expect(await (await act(session, id, 'hide')).json()).toMatchObject({ hidden: true });
    });
  });

  describe('isolation', () => {
    it('answers another account’s token as one that never existed', async () => {
      const mine = await kigo.accountSession('mine');
      const other = await kigo.accountSession('other');
      const id = await sampleWith(mine, 'is_shareable');
      const hidden = await call('GET', `/api/v1/tokens/${id}`, { token: other.token });
      const never = await call('GET', '/api/v1/tokens/00000000-0000-4000-8000-000000000000', {
        token: other.token,
      });
      const [a, b] = [
        await expectRejected(hidden, 404, 'KIGO_OBJECT_OF_ANOTHER_ACCOUNT'),
        await expectRejected(never, 404, 'KIGO_TOKEN_NOT_FOUND'),
      ];
      expect(a).toEqual(b);
      await expectRejected(await act(other, id, 'redeem'), 404, 'KIGO_OBJECT_OF_ANOTHER_ACCOUNT');
      await expectRejected(
        await call('GET', '/api/v1/tokens/not-a-uuid', { token: other.token }),
        404,
        'KIGO_PATH_INVALID',
      );
    });

    it('keeps claim codes within their partner', async () => {
      const sender = await kigo.accountSession('sender');
      const stranger = await kigo.accountSession('stranger', OTHER_PARTNER);
      const coupon = await sampleWith(sender, 'is_shareable');
      const { claim_code } = (await (await act(sender, coupon, 'share')).json()) as { claim_code: string };
      const preview = await call('GET', `/api/v1/tokens/claim?claim_code=${claim_code}`, {
        token: stranger.token,
      });
      await expectRejected(preview, 404, 'KIGO_CLAIM_CODE_INVALID');
      const claim = await call('POST', '/api/v1/tokens/claim', {
        token: stranger.token,
        body: { claim_code },
      });
      await expectRejected(claim, 404, 'KIGO_CLAIM_CODE_INVALID');
      expect((await gallery(stranger)).total_count).toBe(3);
    });
  });
});
