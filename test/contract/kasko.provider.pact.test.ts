/**
 * Provider side of the KASKO contract: replays `contracts/partner-sandbox-example-integrator-kasko.json`
 * (written by `kasko.consumer.pact.test.ts`) against the KASKO mock, its states (ids, tokens, the policy's ETag)
 * set up through the sandbox's control endpoint (see `test/helpers/pact-provider.ts`). No request needs signing
 * afresh: the contract holds the test account's secret key.
 */
import type { RequestHandler } from 'express';
import { kaskoProvider } from '../../mocks/kasko/provider';
import { kaskoBasicAuthorization } from '../../src/kasko/auth-headers';
import { verifyAgainstSandbox } from '../helpers/pact-provider';

describe('KASKO provider verification (partner-sandbox-example-integrator contract)', () => {
  const verification = verifyAgainstSandbox({ provider: kaskoProvider });

  it('honours every interaction of the committed contract', async () => {
    await expect(verification.verify()).resolves.toEqual(expect.any(String));
    expect(verification.answered()).toEqual([
      'cancelPolicy 200 -',
      'createOffer 201 -',
      'createPayment 201 -',
      'createQuote 200 -',
      'getPolicy 200 -',
      'updatePolicy 200 -',
    ]);
  });

  it('fails when the requests carry another account’s key (the key check is live)', async () => {
    const otherKey: RequestHandler = (req, _res, next) => {
      req.headers.authorization = kaskoBasicAuthorization('sk_test_notAnAccount');
      next();
    };
    await expect(verification.verify({ sign: otherKey })).rejects.toBeDefined();
    expect(new Set(verification.journal().map((entry) => entry.reason))).toEqual(
      new Set(['KASKO_KEY_UNKNOWN']),
    );
  });
});
