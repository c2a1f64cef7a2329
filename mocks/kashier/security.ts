import { checkOrderHash } from '../../src/kashier/order-hash-check';
import { apiKeyHeader, rawAuthorization } from '../runtime/credentials/extract';
import type { SecurityOutcome, SecuritySchemeHandler } from '../runtime/provider';
import { securityOutcomeOf } from '../runtime/security-outcome';
import {
  ownerSecretKeyOf,
  paymentApiKeyMode,
  paymentApiKeyOf,
  secretKeyCaller,
  secretKeyShapeProblem,
} from './keys';
import { modeOfPath, otherMode } from './modes';
import type { KashierReason } from './reasons';
import type { KashierState } from './state';

const refused = (
  reason: KashierReason,
  message: string,
  checked: Record<string, unknown>,
  status = 401,
  missing = false,
): SecurityOutcome => ({ ok: false, status, reason, message, checked, missing });

/**
 * `Authorization: <secret key>`, raw: the owner's key of either mode or a team member's; a key of the other
 * mode than the host's is refused. What was wrong goes to the journal (`checked`), never the key.
 */
export const secretKeyScheme: SecuritySchemeHandler<KashierState> = (request, { credentials, settings }) => {
  const hostMode = modeOfPath(request.path);
  const sent = rawAuthorization(request.headers);
  if (sent.kind === 'missing')
    return refused('KASHIER_KEY_MISSING', 'Invalid token', { present: false }, 401, true);
  if (sent.kind === 'malformed')
    return refused('KASHIER_KEY_MALFORMED', 'Invalid token', { problem: sent.detail });
  const caller = secretKeyCaller(sent.value, credentials, settings);
  if (!caller) {
    const problem = secretKeyShapeProblem(sent.value);
    return problem === undefined
      ? refused('KASHIER_KEY_UNKNOWN', 'Invalid token', { present: true, shape: 'ok' })
      : refused('KASHIER_KEY_MALFORMED', 'Invalid token', { problem });
  }
  if (caller.mode !== hostMode) {
    return refused('KASHIER_KEY_WRONG_MODE', 'Invalid token', {
      problem: `a ${caller.mode} key on a ${hostMode} host`,
    });
  }
  return { ok: true, checked: { subject: caller.subject, mode: caller.mode }, principal: caller };
};

/** `api-key: <payment API key>` of the host's mode (payment sessions); the runtime refuses it once revoked. */
export const paymentApiKeyScheme: SecuritySchemeHandler<KashierState> = (request, { credentials }) => {
  const hostMode = modeOfPath(request.path);
  const sent = apiKeyHeader(request.headers, 'api-key');
  if (sent.kind === 'missing')
    return refused('KASHIER_API_KEY_MISSING', 'Invalid token', { present: false }, 401, true);
  if (sent.kind === 'malformed')
    return refused('KASHIER_API_KEY_INVALID', 'Invalid token', { problem: sent.detail });
  const mode = paymentApiKeyMode(sent.key, credentials);
  if (mode === undefined) return refused('KASHIER_API_KEY_INVALID', 'Invalid token', { present: true });
  if (mode !== hostMode)
    return refused('KASHIER_KEY_WRONG_MODE', 'Invalid token', {
      problem: `a ${mode} api-key on a ${hostMode} host`,
    });
  return { ok: true, checked: { mode } };
};

const single = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The order hash of the hosted checkout URL, checked as a credential: the page's `mode` must be its host's,
 * the merchant the account's, and the hash the one the mode's payment API key makes (the caller then rests
 * on that key, so revoking it refuses the page). A URL missing one of the hashed parameters is left to the
 * query validation that follows, which requires them all.
 */
export const orderHashScheme: SecuritySchemeHandler<KashierState> = (request, { credentials }) => {
  const hostMode = modeOfPath(request.path);
  const { query } = request;
  const [merchantId, orderId, amount, currency, hash] = [
    'merchantId',
    'orderId',
    'amount',
    'currency',
    'hash',
  ].map((name) => single(query[name]));
  if (merchantId === undefined || orderId === undefined || amount === undefined || currency === undefined)
    return { ok: true, checked: { hash: 'left to the query validation' } };
  if (hash === undefined) return { ok: true, checked: { hash: 'left to the query validation' } };
  const mode = single(query.mode);
  if (mode !== undefined && mode !== hostMode) {
    return refused(
      'KASHIER_CHECKOUT_MODE_MISMATCH',
      `This page runs in ${hostMode} mode, not ${mode}`,
      { mode },
      400,
    );
  }
  if (merchantId !== credentials.merchantId)
    return refused('KASHIER_MERCHANT_MISMATCH', 'Unknown merchant', { merchantId }, 400);
  const shopperReference = single(query.shopperReference);
  const paymentApiKey = paymentApiKeyOf(hostMode, credentials);
  const verification = checkOrderHash(
    {
      merchantId,
      orderId,
      amount,
      currency,
      ...(shopperReference !== undefined ? { shopperReference } : {}),
    },
    hash,
    {
      paymentApiKey,
      secretKey: ownerSecretKeyOf(hostMode, credentials),
      otherModePaymentApiKey: paymentApiKeyOf(otherMode(hostMode), credentials),
    },
  );
  const outcome = securityOutcomeOf(
    verification.ok
      ? verification
      : { ...verification, message: `${verification.message} (${verification.detail})` },
    {
      status: 403,
      principal: { subject: `payment API key (${hostMode})`, keys: [paymentApiKey], mode: hostMode },
    },
  );
  return outcome;
};
