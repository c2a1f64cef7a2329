/**
 * Provider side of the Kashier contract: replays `contracts/partner-sandbox-example-integrator-kashier.json`
 * against the Kashier mock, its states set up through the sandbox's control endpoint (see
 * `test/helpers/pact-provider.ts`); no request needs signing (Kashier's keys are sent as they are, and the
 * contract holds the test keys, or the key a state answers).
 */
import { kashierProvider } from '../../mocks/kashier/provider';
import { verifyAgainstSandbox } from '../helpers/pact-provider';

describe('Kashier provider verification (partner-sandbox-example-integrator contract)', () => {
  const verification = verifyAgainstSandbox({ provider: kashierProvider });

  it('honours every interaction of the committed contract', async () => {
    await expect(verification.verify()).resolves.toEqual(expect.any(String));
    expect(verification.answered()).toEqual([
      'createPaymentSession 201 -',
      'getOrder 200 -',
      'refundOrder 200 -',
      'refundOrder 403 KASHIER_PERMISSION_DENIED',
    ]);
  });
});
