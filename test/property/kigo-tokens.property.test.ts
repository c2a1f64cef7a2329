/**
 * Properties of the Kigo token check (`checkToken`), the verifier behind both Bearer schemes and the refresh:
 * what the sandbox issued is accepted for its use, anything else is refused with an authentication code.
 */
import fc from 'fast-check';
import { checkToken, newToken } from '../../mocks/kigo/auth';
import { KIGO_REASONS } from '../../mocks/kigo/reasons';
import { createKigoState, type KigoState } from '../../mocks/kigo/state';

const NOW = new Date('2030-05-01T12:00:00Z');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function stateWithPartnerToken(): { state: KigoState; token: string } {
  const state = createKigoState();
  const issued = newToken({
    kind: 'partner',
    partnerId: 'p',
    apiKey: 'key',
    expiresAtMs: NOW.getTime() + 1000,
  });
  state.tokens.set(issued.digest, issued.record, { maxBytes: Number.POSITIVE_INFINITY });
  return { state, token: issued.token };
}

describe('Kigo token check', () => {
  it('accepts an issued token for its use', () => {
    const { state, token } = stateWithPartnerToken();
    expect(checkToken(state, token, 'partner', NOW)).toMatchObject({ ok: true });
  });

  it('refuses any other string with a catalogued 401 code, never throwing', () => {
    const { state, token } = stateWithPartnerToken();
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('partner', 'access', 'refresh' as const),
        (text, use) => {
          fc.pre(text !== token);
          const check = checkToken(state, text, use, NOW);
          expect(check.ok).toBe(false);
          if (!check.ok) expect(KIGO_REASONS[check.reason].status).toBe(401);
        },
      ),
    );
  });

  it('refuses an issued token with any one character changed', () => {
    const { state, token } = stateWithPartnerToken();
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...ALNUM), (index, character) => {
        fc.pre(token[index] !== character);
        const changed = `${token.slice(0, index)}${character}${token.slice(index + 1)}`;
        expect(checkToken(state, changed, 'partner', NOW)).toMatchObject({
          ok: false,
          reason: 'KIGO_TOKEN_UNKNOWN',
        });
      }),
    );
  });

  it('refuses an issued token from its expiry on, whatever the moment', () => {
    const { state, token } = stateWithPartnerToken();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (afterMs) => {
        const at = new Date(NOW.getTime() + 1000 + afterMs);
        expect(checkToken(state, token, 'partner', at)).toMatchObject({
          ok: false,
          reason: 'KIGO_TOKEN_EXPIRED',
        });
      }),
    );
  });
});
