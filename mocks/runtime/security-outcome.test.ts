import { securityOutcomeOf } from './security-outcome';

interface Checked {
  keyId?: string;
}

describe('securityOutcomeOf', () => {
  it('turns a success into a passing outcome with what was checked', () => {
    const checked: Checked = { keyId: 'k' };
    expect(securityOutcomeOf({ ok: true, checked }, { status: 401 })).toEqual({ ok: true, checked });
  });

  it('hands a principal on with a success', () => {
    const principal = { subject: 'key k', keys: ['k'], account: 'acct_1' };
    expect(securityOutcomeOf({ ok: true, checked: {} }, { status: 401, principal })).toEqual({
      ok: true,
      checked: {},
      principal,
    });
  });

  it('turns a failure into a refusal with the status asked for, the detail joining what was checked', () => {
    const verification = {
      ok: false,
      reason: 'TOY_SIGNATURE_MISMATCH',
      message: 'Invalid signature',
      detail: 'signature is not HMAC-SHA256 of the body',
      checked: { keyId: 'k' },
    } as const;
    expect(
      securityOutcomeOf(verification, { status: 403, principal: { subject: 'key k', keys: ['k'] } }),
    ).toEqual({
      ok: false,
      status: 403,
      reason: 'TOY_SIGNATURE_MISMATCH',
      message: 'Invalid signature',
      checked: { keyId: 'k', detail: 'signature is not HMAC-SHA256 of the body' },
    });
  });
});
