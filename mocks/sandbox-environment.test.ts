import fc from 'fast-check';
import { sandboxEnvironment, upperSnakeCase } from './sandbox-environment';
import { SandboxStartError } from './runtime/server';

const provider = (credentials: Record<string, string>) => ({
  baseUrl: 'http://127.0.0.1:4014/x',
  url: 'http://127.0.0.1:4014',
  credentials,
});

describe('sandboxEnvironment', () => {
  it('names the URLs and every credential field after the provider, in upper snake case', () => {
    const variables = sandboxEnvironment({
      providers: {
        xcover: provider({ partnerCode: 'LLODT', apiKey: 'k', apiSecret: 's' }),
        toy: provider({ key: 'toy_test_key', otherAccountKey: 'o' }),
      },
    });
    expect(variables).toEqual({
      XCOVER_BASE_URL: 'http://127.0.0.1:4014/x',
      XCOVER_URL: 'http://127.0.0.1:4014',
      XCOVER_PARTNER_CODE: 'LLODT',
      XCOVER_API_KEY: 'k',
      XCOVER_API_SECRET: 's',
      TOY_BASE_URL: 'http://127.0.0.1:4014/x',
      TOY_URL: 'http://127.0.0.1:4014',
      TOY_KEY: 'toy_test_key',
      TOY_OTHER_ACCOUNT_KEY: 'o',
    });
  });

  it('refuses a credential field whose name would replace a URL variable', () => {
    expect(() => sandboxEnvironment({ providers: { acme: provider({ baseUrl: 'x' }) } })).toThrow(
      new SandboxStartError('two sandbox values map to ACME_BASE_URL'),
    );
  });
});

describe('upperSnakeCase', () => {
  it.each([
    ['partnerCode', 'PARTNER_CODE'],
    ['signerPrivateKey', 'SIGNER_PRIVATE_KEY'],
    ['hmacSecret', 'HMAC_SECRET'],
    ['apiURL', 'API_URL'],
    ['webhookSecret2', 'WEBHOOK_SECRET2'],
    ['key2Secret', 'KEY2_SECRET'],
    ['kashier', 'KASHIER'],
    ['my-provider', 'MY_PROVIDER'],
  ])('%s -> %s', (name, expected) => expect(upperSnakeCase(name)).toBe(expected));

  it('always gives a shell-safe name, and is stable on its own output', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const snake = upperSnakeCase(name);
        expect(snake).toMatch(/^(?:[A-Z\d]+(?:_[A-Z\d]+)*)?$/);
        expect(upperSnakeCase(snake)).toBe(snake);
      }),
    );
  });
});
