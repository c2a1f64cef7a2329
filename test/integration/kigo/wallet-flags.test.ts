/**
 * A token action its flag forbids, over real HTTP. Every sample token is hideable, so the test clears the flag
 * in the sandbox's in-memory state itself: this file stays off the shared-store projects (jest.config.js).
 */
import { expectRejected, useKigoSandbox } from '../../helpers/kigo';

describe('Kigo token flags', () => {
  const kigo = useKigoSandbox();

  it('refuses hiding a token whose flag forbids it', async () => {
    const session = await kigo.accountSession();
    const { accounts } = kigo.k.sandbox.state();
    const account = accounts.get(session.account_id);
    const [first] = account?.tokens ?? [];
    if (!account || !first) throw new Error('no account');
    const unhideable = { ...first, flags: { ...first.flags, is_hideable: false } };
    accounts.set(
      account.id,
      { ...account, tokens: [unhideable, ...account.tokens.slice(1)] },
      {
        maxBytes: Number.POSITIVE_INFINITY,
      },
    );
    const response = await kigo.call('POST', `/api/v1/tokens/${first.id}/hide`, { token: session.token });
    await expectRejected(response, 422, 'KIGO_ACTION_NOT_ALLOWED');
  });
});
