import { createEnsuroClient } from '../../src/ensuro/client';
import { createKashierClient } from '../../src/kashier/client';
import { createKaskoClient } from '../../src/kasko/client';
import { createKigoClient } from '../../src/kigo/client';
import { createXCoverClient } from '../../src/xcover/client';
import { checkClientOptions, ClientOptionsError } from '../../src/shared/client-options';

/** What a plain-JavaScript caller can pass: anything. */
const loosely =
  <T>(create: (options: T) => unknown) =>
  (options: unknown) =>
  () =>
    create(options as T);

describe('the typed clients’ options, checked at creation', () => {
  it.each([
    [
      loosely(createXCoverClient)({ baseUrl: 'http://127.0.0.1:4014/x', key: { apiKey: 'k' } }),
      'createXCoverClient: options.key.apiSecret must be a non-empty string, got undefined',
    ],
    [
      loosely(createXCoverClient)({ baseUrl: 'http://127.0.0.1:4014/x', apiKey: 'k', apiSecret: 's' }),
      'createXCoverClient: options.key.apiKey must be a non-empty string, got undefined',
    ],
    [
      loosely(createKaskoClient)({ baseUrl: '127.0.0.1:4010', secretKey: 'sk_test_x' }),
      'createKaskoClient: options.baseUrl must be an http(s) URL, got a string of another form',
    ],
    [
      loosely(createKaskoClient)({ baseUrl: 'http://127.0.0.1:4010', secretKey: 'sk', publicKey: 7 }),
      'createKaskoClient: options.publicKey must be a non-empty string when given, got a number',
    ],
    [
      loosely(createEnsuroClient)({
        baseUrl: 'http://127.0.0.1:4011/api/v0',
        apiKey: 'k',
        signing: { method: 'hmac', privateKey: '0x1' },
      }),
      "createEnsuroClient: options.signing must be {method: 'hmac', secret: string} or {method: 'eip191', privateKey: string}, got an object",
    ],
    [
      loosely(createKashierClient)({ baseUrl: 'http://127.0.0.1:4013', secretKey: '' }),
      'createKashierClient: options.secretKey must be a non-empty string, got an empty string',
    ],
    [
      loosely(createKigoClient)({ baseUrl: 'http://127.0.0.1:4012', session: 'token' }),
      'createKigoClient: options.session must be a token source (a KigoPartnerSession or KigoAccountSession), got a string of another form',
    ],
    [loosely(createXCoverClient)(undefined), 'createXCoverClient: expected an options object, got undefined'],
  ])('%#: fails with a message naming the option', (create, message) => {
    expect(create).toThrow(new ClientOptionsError(message));
  });

  it('creates a client from valid options', () => {
    expect(() =>
      createEnsuroClient({
        baseUrl: 'https://pricing.example/api/v0',
        apiKey: 'k',
        signing: { method: 'eip191', privateKey: '0x1' },
      }),
    ).not.toThrow();
    expect(() => checkClientOptions('c', { a: undefined }, { a: { optional: 'url' } })).not.toThrow();
  });
});
