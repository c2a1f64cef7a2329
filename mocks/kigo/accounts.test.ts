import { findAccount, ownerOfToken, shareOf, storeAccounts } from './accounts';
import { createKigoState, type Account, type WalletToken } from './state';
import { sampleWallet } from './wallet';

const NOW = new Date('2030-01-01T00:00:00.000Z');
const unbounded = { maxStateBytes: 0 };

const account = (id: string, tokens: readonly WalletToken[] = sampleWallet(NOW)): Account => ({
  id,
  partnerId: 'partner',
  programId: 'program',
  externalUserId: `user-of-${id}`,
  email: null,
  firstName: null,
  lastName: null,
  stage: 'registered',
  createdAt: NOW.toISOString(),
  tokens,
});

describe("Kigo's account lookups", () => {
  it('find an account by its external ids, the owner of a token and the share of a claim code', () => {
    const state = createKigoState();
    const alice = account('alice');
    const [first] = alice.tokens as WalletToken[];
    const share = { claimCode: 'CLAIM-1', sharedAt: NOW.toISOString() };
    const shared = { ...alice, tokens: [{ ...first!, share }, ...alice.tokens.slice(1)] };
    storeAccounts(state, [shared], unbounded);
    expect(findAccount(state, 'partner', 'program', 'user-of-alice')?.id).toBe('alice');
    expect(findAccount(state, 'partner', null, 'user-of-alice')).toBeUndefined();
    expect(ownerOfToken(state, first!.id)?.id).toBe('alice');
    expect(shareOf(state, 'CLAIM-1')?.token.id).toBe(first!.id);
  });

  it('read an index entry the account no longer bears as absent: a moved token, a cancelled share, a forgotten account', () => {
    const state = createKigoState();
    const alice = account('alice');
    const [first] = alice.tokens as WalletToken[];
    const share = { claimCode: 'CLAIM-1', sharedAt: NOW.toISOString() };
    storeAccounts(state, [{ ...alice, tokens: [{ ...first!, share }] }], unbounded);
    // The share cancelled, then the token moved to Bob: the entries written for Alice are left behind.
    storeAccounts(state, [{ ...alice, tokens: [first!] }], unbounded);
    expect(shareOf(state, 'CLAIM-1')).toBeUndefined();
    storeAccounts(state, [{ ...alice, tokens: [] }, account('bob', [first!])], unbounded);
    expect(ownerOfToken(state, first!.id)?.id).toBe('bob');
    // Bob's token written again for Alice's account id would be Alice's: an entry names its writer's account.
    state.tokenOwners.set(first!.id, 'alice', { maxBytes: Number.POSITIVE_INFINITY });
    expect(ownerOfToken(state, first!.id)).toBeUndefined();
    state.accounts.delete('alice');
    expect(findAccount(state, 'partner', 'program', 'user-of-alice')).toBeUndefined();
  });
});
