/**
 * Provider side of the Kigo contract: replays `contracts/partner-sandbox-example-integrator-kigo.json` against
 * the Kigo mock, its states set up through the sandbox's control endpoint (see `test/helpers/pact-provider.ts`);
 * the tokens they return are injected into the requests by Pact.
 */
import { kigoProvider } from '../../mocks/kigo/provider';
import { verifyAgainstSandbox } from '../helpers/pact-provider';

describe('Kigo provider verification (partner-sandbox-example-integrator contract)', () => {
  const verification = verifyAgainstSandbox({ provider: kigoProvider });

  it('honours every interaction of the committed contract', async () => {
    await expect(verification.verify()).resolves.toEqual(expect.any(String));
    expect(verification.interactionCount).toBe(5);
    expect(verification.answered()).toEqual([
      'createAccountSession 200 -',
      'createPartnerSession 200 -',
      'createSsoSession 401 KIGO_TOKEN_EXPIRED',
      'listTokens 200 -',
      'refreshAccountSession 200 -',
    ]);
  });
});
