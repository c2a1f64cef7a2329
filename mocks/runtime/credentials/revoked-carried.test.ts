import type { IncomingHttpHeaders } from 'node:http';
import { revokedCredentialIn, revokedCredentialInBody } from './revoked-carried';

const revoked = new Set(['sk_test_gone']);
const isRevoked = (value: string) => revoked.has(value);
const none = { headers: {}, query: {}, params: {} };

describe('revokedCredentialIn', () => {
  it('finds a revoked key in a header, raw, after its scheme or inside Basic', () => {
    expect(revokedCredentialIn({ ...none, headers: { 'x-api-key': 'sk_test_gone' } }, isRevoked)).toBe(
      'the x-api-key header',
    );
    expect(
      revokedCredentialIn({ ...none, headers: { authorization: 'Bearer  sk_test_gone ' } }, isRevoked),
    ).toBe('the authorization header');
    const basic = `Basic ${Buffer.from('sk_test_gone:').toString('base64')}`;
    expect(revokedCredentialIn({ ...none, headers: { authorization: basic } }, isRevoked)).toBe(
      'the authorization header',
    );
    // A repeated header, as `headersAsSent` gives it.
    const repeated = { authorization: ['Bearer ok', 'sk_test_gone'] } as unknown as IncomingHttpHeaders;
    expect(revokedCredentialIn({ ...none, headers: repeated }, isRevoked)).toBe('the authorization header');
  });

  it('finds it in the query (repeated or not) and in a path parameter', () => {
    expect(revokedCredentialIn({ ...none, query: { key: 'sk_test_gone' } }, isRevoked)).toBe(
      'the key query parameter',
    );
    expect(revokedCredentialIn({ ...none, query: { key: ['a', 'sk_test_gone'] } }, isRevoked)).toBe(
      'the key query parameter',
    );
    expect(revokedCredentialIn({ ...none, params: { member: 'sk_test_gone' } }, isRevoked)).toBe(
      'the member path parameter',
    );
  });

  it('finds nothing in a request that carries only other values', () => {
    const parts = {
      headers: { authorization: 'Basic !!!', accept: 'sk_test_gone_not' },
      query: { key: 'sk_test_live' },
      params: { id: 'x' },
    };
    expect(revokedCredentialIn(parts, isRevoked)).toBeUndefined();
  });
});

describe('revokedCredentialInBody', () => {
  it('finds a revoked key at any depth of a JSON body, naming the field', () => {
    expect(revokedCredentialInBody({ auth: { apiKey: 'sk_test_gone' } }, isRevoked)).toBe(
      'the body field auth.apiKey',
    );
    expect(revokedCredentialInBody([{ keys: ['a', 'sk_test_gone'] }], isRevoked)).toBe('the body field keys');
    expect(revokedCredentialInBody('sk_test_gone', isRevoked)).toBe('the body');
  });

  it('finds nothing where no string is a revoked key', () => {
    expect(revokedCredentialInBody({ a: 1, b: [true, null, 'x'], c: { sk_test_gone: 1 } }, isRevoked)).toBe(
      undefined,
    );
  });
});
