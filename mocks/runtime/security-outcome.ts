import type { Verification } from '../../src/shared/verification';
import type { PrincipalClaims, SecurityOutcome } from './provider';

export interface SecurityOutcomeOptions {
  /** The status a failure is answered with (401 for the providers so far). */
  readonly status: number;
  /** Who the credential belongs to, handed on with a success. */
  readonly principal?: PrincipalClaims;
}

/**
 * The runtime's outcome for a verifier's answer, so that a scheme handler reads: extract, verify, adapt. A failure
 * keeps the verifier's reason and message, and its detail joins what was checked (the journal and the error's
 * `checked` show both).
 */
export function securityOutcomeOf(
  verification: Verification<string, object>,
  options: SecurityOutcomeOptions,
): SecurityOutcome {
  const checked = verification.checked as Readonly<Record<string, unknown>>;
  if (verification.ok) {
    return options.principal === undefined
      ? { ok: true, checked }
      : { ok: true, checked, principal: options.principal };
  }
  return {
    ok: false,
    status: options.status,
    reason: verification.reason,
    message: verification.message,
    checked: { ...checked, detail: verification.detail },
  };
}
