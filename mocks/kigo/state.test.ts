import { StateLayout } from '../runtime/state/state-layout';
import { storeAccounts } from './accounts';
import { createKigoState, stateLimits, type Account, type IssuedToken, type SsoSession } from './state';

const MIB = 1024 * 1024;
const settings = { maxStateBytes: MIB };

const account = (index: number): Account => ({
  id: `acc_${index}`,
  partnerId: 'partner',
  programId: null,
  externalUserId: `user_${index}`,
  email: `${'x'.repeat(2000)}@example.com`,
  firstName: null,
  lastName: null,
  stage: 'active',
  createdAt: '2030-01-01T00:00:00.000Z',
  tokens: [],
});
const token: IssuedToken = {
  kind: 'access',
  partnerId: 'partner',
  apiKey: 'k'.repeat(2000),
  expiresAtMs: 0,
  revoked: false,
};
const session = (index: number): SsoSession => ({
  id: `sso_${index}`,
  partnerId: 'partner',
  apiKey: 'k'.repeat(2000),
  accountId: 'acc_0',
  singleUse: false,
  expiresAtMs: 0,
  used: false,
});

describe('the Kigo state', () => {
  it('has a shared-store layout: every map a budgeted map of the store', () => {
    const layout = StateLayout.of('kigo', createKigoState());
    expect(layout.names).toEqual({
      maps: ['tokens', 'ssoSessions', 'accounts', 'accountsByExternalIds', 'tokenOwners', 'claimCodes'],
      cells: [],
    });
  });

  it('keeps accounts with their indexes, tokens and SSO sessions together within maxStateBytes, each store filled past its share', () => {
    const state = createKigoState();
    const limits = stateLimits(settings);
    for (let index = 0; index < 2000; index += 1) {
      storeAccounts(state, [account(index)], settings);
      state.tokens.set(`digest_${index}`, token, limits);
      state.ssoSessions.set(`sso_${index}`, session(index), limits);
    }
    // Each store forgot its oldest entries: every one was full.
    expect([
      state.accounts.get('acc_0'),
      state.tokens.get('digest_0'),
      state.ssoSessions.get('sso_0'),
    ]).toEqual([undefined, undefined, undefined]);
    // A quarter each; the last quarter is the accounts' three indexes', a twelfth each (`stateBytesOf`).
    const bytes = [state.accounts.bytes, state.tokens.bytes, state.ssoSessions.bytes];
    for (const held of bytes) expect(held).toBeGreaterThan(MIB / 5);
    for (const held of bytes) expect(held).toBeLessThanOrEqual(MIB / 4);
    const indexes = [state.accountsByExternalIds, state.tokenOwners, state.claimCodes].map(
      (map) => map.bytes,
    );
    for (const held of indexes) expect(held).toBeLessThanOrEqual(MIB / 12);
    expect([...bytes, ...indexes].reduce((sum, held) => sum + held)).toBeLessThanOrEqual(MIB);
  });
});
