import { sameSecret } from '../../src/shared/constant-time';
import { isLiveKaskoKey, kaskoKeyShape } from '../../src/kasko/keys';
import { apiKeyQuery, basicCredentials, bearerToken, rawAuthorization } from '../runtime/credentials/extract';
import type {
  Credentials,
  PrincipalClaims,
  SecurityContext,
  SecurityOutcome,
  SecurityRequest,
  SecuritySchemeHandler,
  Settings,
} from '../runtime/provider';
import { KASKO_REASONS, refuse, type KaskoReason } from './reasons';
import type { KaskoState } from './state';

export const LIVE_KEY_MESSAGE =
  'Live keys never work against the sandbox: use its test keys (see `partner-sandbox credentials`).';
const INVALID_KEY_MESSAGE = 'Invalid API key provided.';

/** Every secret key in force, in account order: the default account's first, then `otherSecretKeys`. */
export function secretKeysOf(credentials: Credentials, settings: Settings): string[] {
  const others = Array.isArray(settings.otherSecretKeys) ? settings.otherSecretKeys.map(String) : [];
  return [credentials.secretKey as string, ...others];
}

/** The account a secret key opens: `acc_1` for `secretKey`, `acc_2`... for `otherSecretKeys` in order. */
const accountName = (index: number): string => `acc_${index + 1}`;

export function accountPrincipal(key: string, index: number): PrincipalClaims {
  return {
    subject: `secret key of ${accountName(index)}`,
    keys: [key],
    account: accountName(index),
    mode: 'test',
  };
}

const PUBLIC_KEY_NOT_ALLOWED_MESSAGE = 'This request needs the secret key; the public key may not make it.';

const messageOf = (reason: KaskoReason): string =>
  reason === 'KASKO_LIVE_KEY'
    ? LIVE_KEY_MESSAGE
    : reason === 'KASKO_PUBLIC_KEY_NOT_ALLOWED'
      ? PUBLIC_KEY_NOT_ALLOWED_MESSAGE
      : INVALID_KEY_MESSAGE;

const failure = (reason: KaskoReason, detail: string, missing = false): SecurityOutcome => ({
  ok: false,
  status: KASKO_REASONS[reason].status,
  reason,
  message: messageOf(reason),
  checked: { detail },
  missing,
});

/** The secret key's account, compared in constant time with every key in force. */
function identify(key: string, context: SecurityContext<KaskoState>, scheme: string): SecurityOutcome {
  const shape = kaskoKeyShape('secret', key);
  if (shape === 'live') return failure('KASKO_LIVE_KEY', `a live secret key in ${scheme}`);
  if (shape === 'malformed')
    return failure('KASKO_KEY_MALFORMED', `the ${scheme} credential is not sk_test_...`);
  const keys = secretKeysOf(context.credentials, context.settings);
  // Every key is compared, so the time taken does not tell which account matched.
  const matches = keys.map((candidate) => sameSecret(key, candidate));
  const index = matches.indexOf(true);
  if (index === -1) return failure('KASKO_KEY_UNKNOWN', 'no account has this secret key');
  return {
    ok: true,
    checked: { scheme, account: accountName(index) },
    principal: accountPrincipal(key, index),
  };
}

/**
 * A request without `Authorization` that carries the public key in force: where the public key alone may
 * call, the `KaskoPublicKeyAlone` alternative passes; elsewhere this is the answer (403, the key lacks permission).
 */
function publicKeyInstead(request: SecurityRequest, context: SecurityContext<KaskoState>): SecurityOutcome {
  const sent = apiKeyQuery(request.query, 'key');
  if (
    sent.kind === 'present' &&
    publicKeyProblem(sent.key, context.credentials.publicKey as string) === undefined
  )
    return failure(
      'KASKO_PUBLIC_KEY_NOT_ALLOWED',
      'only the public key was sent; this operation needs the secret key',
    );
  return failure('KASKO_KEY_MISSING', 'no Authorization header', true);
}

/** Whether the Authorization header uses this scheme name (the other scheme then reports on it). */
function usesScheme(request: SecurityRequest, scheme: string): boolean {
  const raw = rawAuthorization(request.headers);
  return raw.kind === 'present' && raw.value.trim().toLowerCase().startsWith(`${scheme} `);
}

/**
 * HTTP Basic: the secret key as user name; the password is ignored (KASKO: "You do not need to provide a
 * password"; Inferred that one sent is not refused). An `Authorization` of neither scheme is reported here.
 */
export const kaskoBasic: SecuritySchemeHandler<KaskoState> = (request, context) => {
  const sent = basicCredentials(request.headers);
  if (sent.kind === 'malformed') return failure('KASKO_KEY_MALFORMED', sent.detail);
  if (sent.kind === 'missing') {
    if (rawAuthorization(request.headers).kind === 'missing') return publicKeyInstead(request, context);
    if (usesScheme(request, 'bearer')) return failure('KASKO_KEY_MISSING', 'a Bearer credential', true);
    return failure('KASKO_KEY_MALFORMED', 'Authorization is neither Basic nor Bearer');
  }
  return identify(sent.user, context, 'Basic');
};

/** `Authorization: Bearer <secret key>`. */
export const kaskoBearer: SecuritySchemeHandler<KaskoState> = (request, context) => {
  const sent = bearerToken(request.headers);
  if (sent.kind === 'malformed') return failure('KASKO_KEY_MALFORMED', sent.detail);
  if (sent.kind === 'missing') return failure('KASKO_KEY_MISSING', 'no Bearer credential', true);
  return identify(sent.token, context, 'Bearer');
};

/** What is wrong with a public key sent in `?key=`, if anything (revocation aside). */
function publicKeyProblem(key: string, publicKey: string): KaskoReason | undefined {
  if (isLiveKaskoKey(key)) return 'KASKO_LIVE_KEY';
  return sameSecret(key, publicKey) ? undefined : 'KASKO_PUBLIC_KEY_UNKNOWN';
}

/**
 * The public key in `?key=`: required on quotes (beside the secret key, or alone), alone enough for the calls
 * KASKO's web app makes. It belongs to the default account, which objects it creates belong to.
 */
export const kaskoPublicKey: SecuritySchemeHandler<KaskoState> = (request, context) => {
  const sent = apiKeyQuery(request.query, 'key');
  if (sent.kind === 'missing') return failure('KASKO_PUBLIC_KEY_MISSING', 'no key query parameter', true);
  if (sent.kind === 'malformed') return failure('KASKO_PUBLIC_KEY_UNKNOWN', sent.detail);
  const problem = publicKeyProblem(sent.key, context.credentials.publicKey as string);
  if (problem !== undefined) return failure(problem, 'the key query parameter is refused');
  return {
    ok: true,
    checked: { publicKey: 'matches', account: accountName(0) },
    principal: {
      subject: `public key of ${accountName(0)}`,
      keys: [sent.key],
      account: accountName(0),
      mode: 'test',
    },
  };
};

/**
 * The public key as the only credential (KASKO's web app): a request that carries `Authorization` is judged on
 * its secret key, never let through on the public key beside it.
 */
export const kaskoPublicKeyAlone: SecuritySchemeHandler<KaskoState> = (request, context) => {
  if (rawAuthorization(request.headers).kind !== 'missing')
    return failure('KASKO_KEY_MISSING', 'Authorization is sent: the secret key decides', true);
  return kaskoPublicKey(request, context);
};

/** The optional `?key=` of a payment: checked when sent, as the quote's is. */
export function checkOptionalPublicKey(key: unknown, credentials: Credentials): void {
  if (typeof key !== 'string') return;
  const problem = publicKeyProblem(key, credentials.publicKey as string);
  if (problem !== undefined)
    throw refuse(problem, problem === 'KASKO_LIVE_KEY' ? LIVE_KEY_MESSAGE : INVALID_KEY_MESSAGE);
}

/** Credentials and settings that could reach KASKO itself are refused at start. */
export function liveCredentialProblem(credentials: Credentials): string | undefined {
  const live = (['secretKey', 'publicKey'] as const).find((name) => isLiveKaskoKey(credentials[name] ?? ''));
  return (
    live && `${live} looks like a live key (sk_live_... or pk_live_...); the sandbox takes test keys only`
  );
}
