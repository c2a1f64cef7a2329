import fc from 'fast-check';
import { kaskoBasicAuthorization } from '../../src/kasko/auth-headers';
import { kaskoVersionAccepted } from '../../src/kasko/media-types';
import { signKaskoWebhook, verifyKaskoWebhook } from '../../src/kasko/webhook-signature';
import { basicCredentials } from '../../mocks/runtime/credentials/extract';

const secrets = fc.string({ minLength: 1, maxLength: 64 });
const bodies = fc.uint8Array({ maxLength: 512 });

describe('KASKO webhook signature (properties)', () => {
  it('accepts what the signer signs', () => {
    fc.assert(
      fc.property(secrets, bodies, (secret, body) => {
        const headers = { 'x-kasko-signature': signKaskoWebhook(body, secret) };
        expect(verifyKaskoWebhook({ headers, rawBody: body }, secret).ok).toBe(true);
      }),
    );
  });

  it('refuses any change of the body, the secret or the signature', () => {
    fc.assert(
      fc.property(secrets, bodies, fc.nat(), fc.integer({ min: 1, max: 255 }), (secret, body, at, flip) => {
        const signature = signKaskoWebhook(body, secret);
        if (body.length > 0) {
          const changed = Uint8Array.from(body);
          changed[at % body.length] = (changed[at % body.length] as number) ^ flip;
          const headers = { 'x-kasko-signature': signature };
          expect(verifyKaskoWebhook({ headers, rawBody: changed }, secret).ok).toBe(false);
        }
        const other = verifyKaskoWebhook(
          { headers: { 'x-kasko-signature': signature }, rawBody: body },
          `${secret}x`,
        );
        expect(other.ok).toBe(false);
        const digits = signature.slice(5).split('');
        const index = at % digits.length;
        digits[index] = digits[index] === '0' ? '1' : '0';
        const tampered = { 'x-kasko-signature': `sha1=${digits.join('')}` };
        expect(verifyKaskoWebhook({ headers: tampered, rawBody: body }, secret).ok).toBe(false);
      }),
    );
  });

  it('never throws on any signature header', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), bodies, (header, body) => {
        expect(
          typeof verifyKaskoWebhook({ headers: { 'x-kasko-signature': header }, rawBody: body }, 's').ok,
        ).toBe('boolean');
      }),
    );
  });
});

describe('KASKO header builders and parsers (properties)', () => {
  it('a Basic header built from any key reads back as that key with an empty password', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^sk_test_[A-Za-z0-9_]{1,64}$/), (key) => {
        const read = basicCredentials({ authorization: kaskoBasicAuthorization(key) });
        expect(read).toEqual({ kind: 'present', user: key, password: '' });
      }),
    );
  });

  it('reads any Accept header without throwing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (accept) => {
        expect(['v3', 'v2', undefined]).toContain(kaskoVersionAccepted(accept));
      }),
    );
  });
});
