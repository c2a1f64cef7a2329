import { bodySignatureHeaders } from './body-signer';
import { ensuroAuthHeaders } from './request-auth';
import { HARDHAT_ACCOUNT_0 } from './test-keys';

const HMAC = { method: 'hmac', secret: 'topsecret' } as const;
const EIP191 = { method: 'eip191', privateKey: HARDHAT_ACCOUNT_0.privateKey } as const;
const BODY = '{"foo":"bar"}';

describe('ensuroAuthHeaders', () => {
  it('sends no key with OPTIONS', () => {
    expect(
      ensuroAuthHeaders({ method: 'OPTIONS', path: '/api/v0/example', body: undefined }, 'k', HMAC),
    ).toEqual({});
  });

  it('sends only the key with a quote', () => {
    for (const path of ['/api/v0/example', '/api/v0/example/quote'])
      expect(ensuroAuthHeaders({ method: 'POST', path, body: BODY }, 'k', HMAC)).toEqual({
        'x-api-key': 'k',
      });
  });

  it.each(['new-policy', 'resolve-policy', 'replace-policy', 'cancel-policy'])(
    'signs the exact body of %s with the chosen method',
    (operation) => {
      const path = `/api/v0/example/${operation}`;
      for (const signing of [HMAC, EIP191])
        expect(ensuroAuthHeaders({ method: 'POST', path, body: Buffer.from(BODY) }, 'k', signing)).toEqual({
          'x-api-key': 'k',
          ...bodySignatureHeaders(BODY, signing),
        });
    },
  );
});
