/**
 * Provider side of the Ensuro contract: replays `contracts/partner-sandbox-example-integrator-ensuro.json`
 * (written by `ensuro.consumer.pact.test.ts`) against the Ensuro mock, its states set up through the sandbox's
 * control endpoint (see `test/helpers/pact-provider.ts`), whose answer (the policy's `ensuro_id`, an expiration)
 * Pact injects into the request bodies.
 */
import type { RequestHandler } from 'express';
import { ensuroProvider } from '../../mocks/ensuro/provider';
import { EIP191_HEADER, HMAC_HEADER, type EnsuroBodySigning } from '../../src/ensuro/body-signer';
import { ensuroAuthHeaders } from '../../src/ensuro/request-auth';
import { verifyAgainstSandbox } from '../helpers/pact-provider';

const CREDENTIALS = ensuroProvider.defaultCredentials as Readonly<Record<string, string>>;
const SIGNING: Readonly<Record<string, EnsuroBodySigning>> = {
  [EIP191_HEADER.toLowerCase()]: { method: 'eip191', privateKey: CREDENTIALS.signerPrivateKey as string },
  [HMAC_HEADER.toLowerCase()]: { method: 'hmac', secret: CREDENTIALS.hmacSecret as string },
};

/**
 * Signs each replayed API request afresh, with the method the contract's example header names: the verifier
 * sends the contract's body with the provider-state values filled in (and its own key order), so the example
 * signature covers other bytes. The verification proxy has parsed the JSON body and forwards
 * `JSON.stringify` of it, or a Buffer as it is: the body is set to the very bytes signed.
 */
const signReplayedRequest: RequestHandler = (req, _res, next) => {
  const { pathname } = new URL(req.originalUrl, 'http://verifier.invalid');
  if (!pathname.startsWith('/api/v0/')) return next();
  const body =
    req.body === undefined || Buffer.isBuffer(req.body) ? req.body : Buffer.from(JSON.stringify(req.body));
  const header = Object.keys(SIGNING).find((name) => req.headers[name] !== undefined);
  for (const name of Object.keys(SIGNING)) delete req.headers[name];
  const signing = SIGNING[header ?? HMAC_HEADER.toLowerCase()] as EnsuroBodySigning;
  const signed = ensuroAuthHeaders(
    { method: req.method, path: pathname, body },
    CREDENTIALS.apiKey as string,
    signing,
  );
  for (const [name, value] of Object.entries(signed)) req.headers[name.toLowerCase()] = value;
  if (Buffer.isBuffer(body)) {
    req.body = body;
    req.headers['content-length'] = String(body.length);
  }
  next();
};

describe('Ensuro provider verification (partner-sandbox-example-integrator contract)', () => {
  const verification = verifyAgainstSandbox({ provider: ensuroProvider, sign: signReplayedRequest });

  it('honours every interaction of the committed contract', async () => {
    await expect(verification.verify()).resolves.toEqual(expect.any(String));
    expect(verification.interactionCount).toBe(6);
    // The state's own policy creation goes through the handler, not HTTP: one journal entry per interaction.
    expect(verification.answered()).toEqual([
      'cancelPolicy 200 -',
      'createQuote 200 -',
      'newPolicy 200 -',
      'newPolicy 200 -',
      'replacePolicy 200 -',
      'resolvePolicy 200 -',
    ]);
  });

  it('fails when the bodies are not signed afresh (the signature covers the bytes sent)', async () => {
    await expect(verification.verify({ sign: false })).rejects.toBeDefined();
    // Only the quote (no body signature) passes: every policy body had state values filled in after its example
    // was signed, so an EIP-191 signature recovers to another address and an HMAC does not match.
    expect(verification.answered()).toEqual([
      'cancelPolicy 400 ENSURO_EIP191_SIGNER_UNAUTHORIZED',
      'createQuote 200 -',
      'newPolicy 400 ENSURO_EIP191_SIGNER_UNAUTHORIZED',
      'newPolicy 400 ENSURO_HMAC_MISMATCH',
      'replacePolicy 400 ENSURO_HMAC_MISMATCH',
      'resolvePolicy 400 ENSURO_EIP191_SIGNER_UNAUTHORIZED',
    ]);
  });
});
