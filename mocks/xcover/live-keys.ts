import type { IncomingHttpHeaders } from 'node:http';
import { parseSignatureAuthorization } from '../../src/xcover/signature';
import type { Credentials } from '../runtime/provider';

/**
 * Keys shaped as live ones. XCover publishes no key format; these prefixes are inferred (its test keys
 * read `xcover_test_...`, and `sk_live_` is the common convention for a live secret key) and documented
 * as such in docs/xcover.md. Such a key never works against the sandbox: refusing it at once says so,
 * where a signature mismatch would leave an integrator hunting for a signing bug.
 */
const LIVE_KEY = /^(?:xcover_live_|sk_live_)/i;

export const LIVE_KEY_MESSAGE =
  'Live keys never work against the sandbox: sign with its test key (see `partner-sandbox credentials`).';

export function isLiveKey(value: string): boolean {
  return LIVE_KEY.test(value.trim());
}

/** The config side: credentials shaped as live ones are refused at start. */
export function liveCredentialProblem(credentials: Credentials): string | undefined {
  const live = (['apiKey', 'apiSecret'] as const).find((name) => isLiveKey(credentials[name] ?? ''));
  return live && `${live} looks like a live key (xcover_live_... or sk_live_...)`;
}

/** The request side: where a request carries a live-shaped key (the signature's keyId, X-Api-Key), if it does. */
export function liveKeyIn(headers: IncomingHttpHeaders): 'keyId' | 'X-Api-Key' | undefined {
  const authorization = headers.authorization;
  const parsed = authorization === undefined ? undefined : parseSignatureAuthorization(authorization);
  if (parsed?.ok && isLiveKey(parsed.params.keyId)) return 'keyId';
  const apiKey = headers['x-api-key'];
  if ((Array.isArray(apiKey) ? apiKey : [apiKey ?? '']).some(isLiveKey)) return 'X-Api-Key';
  return undefined;
}
