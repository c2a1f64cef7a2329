import { verifyEnsuroBodySignature } from '../../src/ensuro/body-verifier';
import { defaultSettingsOf } from '../runtime/provider';
import { ensuroClientAuth } from './client-auth';
import { ensuroProvider } from './provider';

const credentials = ensuroProvider.defaultCredentials;
const body = Buffer.from('{"ensuro_id":"42","payout":"1.5"}');
const request = (method: string, path: string) => ({
  method,
  url: `http://127.0.0.1:4011${path}`,
  path,
  headers: { 'content-type': 'application/json' },
  body: method === 'OPTIONS' ? undefined : body,
});
const context = (clientSigning: string) => ({
  credentials,
  settings: { ...defaultSettingsOf(ensuroProvider), clientSigning },
  now: new Date(),
  baseUrl: 'http://127.0.0.1:4011',
  session: new Map<string, unknown>(),
});

describe('ensuroClientAuth', () => {
  it('sends no key with OPTIONS and only the key with a quote', async () => {
    expect(await ensuroClientAuth(request('OPTIONS', '/api/v0/example'), context('hmac'))).toEqual({});
    expect(await ensuroClientAuth(request('POST', '/api/v0/example/quote'), context('hmac'))).toEqual({
      'x-api-key': credentials.apiKey,
    });
  });

  it.each([
    ['hmac', 'x-ensuro-signature'],
    ['eip191', 'x-eip191-signature'],
  ])('signs a policy call with %s, as the sandbox verifies it', async (clientSigning, header) => {
    const headers = await ensuroClientAuth(
      request('POST', '/api/v0/example/resolve-policy'),
      context(clientSigning),
    );
    expect(Object.keys(headers).sort()).toEqual([header, 'x-api-key'].sort());
    const verification = verifyEnsuroBodySignature(
      { headers, rawBody: body },
      {
        hmacSecret: credentials.hmacSecret as string,
        authorizedSigners: [credentials.signerAddress as string],
      },
    );
    expect(verification.ok).toBe(true);
  });
});
