/**
 * Provider side of the XCover contract: replays `contracts/partner-sandbox-example-integrator-xcover.json`
 * (written by `xcover.consumer.pact.test.ts`) against the XCover mock, its states set up through the sandbox's
 * control endpoint (see `test/helpers/pact-provider.ts`).
 */
import type { RequestHandler } from 'express';
import { xcoverProvider } from '../../mocks/xcover/provider';
import { signXCoverRequest } from '../../src/xcover/signature';
import { verifyAgainstSandbox } from '../helpers/pact-provider';

const KEY = { apiKey: 'xcover_test_api_key', apiSecret: 'xcover_test_api_secret' };

/**
 * Signs each replayed request afresh, as the consumer's client does: the contract holds only example
 * signature headers (matched by format), and XCover's signature covers the Date (and optionally the request
 * target), not the body. The path is the one actually sent (provider-state values already injected).
 */
const signReplayedRequest: RequestHandler = (req, _res, next) => {
  const { pathname } = new URL(req.originalUrl, 'http://verifier.invalid');
  const signed = signXCoverRequest({ method: req.method, path: pathname }, KEY);
  req.headers.date = signed.date;
  req.headers.authorization = signed.authorization;
  if (signed['x-api-key'] !== undefined) req.headers['x-api-key'] = signed['x-api-key'];
  next();
};

describe('XCover provider verification (partner-sandbox-example-integrator contract)', () => {
  const verification = verifyAgainstSandbox({ provider: xcoverProvider, sign: signReplayedRequest });

  it('honours every interaction of the committed contract', async () => {
    await expect(verification.verify()).resolves.toEqual(expect.any(String));
    expect(verification.interactionCount).toBe(6);
    // Each interaction reached its handler; the retry was answered from the idempotency store.
    expect(verification.answered()).toEqual([
      'cancelBooking 200 -',
      'confirmCancellation 200 -',
      'createBooking 200 -',
      'createQuote 201 -',
      'instantBooking 200 -', // the first instant booking interaction
      'instantBooking 409 XCOVER_IDEMPOTENT_REPLAY', // the retry of the booking its state made
    ]);
  });

  it('fails when the replayed requests are not signed afresh (the signature check is live)', async () => {
    await expect(verification.verify({ sign: false })).rejects.toBeDefined();
    // The contract's example signatures are for a past Date: the mock refuses every replay as stale.
    expect(verification.journal()).toHaveLength(6);
    expect(new Set(verification.journal().map((entry) => `${entry.status} ${entry.reason}`))).toEqual(
      new Set(['401 XCOVER_DATE_STALE']),
    );
  });
});
