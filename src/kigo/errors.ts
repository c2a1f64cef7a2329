/**
 * Kigo refused to issue a session token: a wrong or revoked API key, a wrong partner id, an expired or revoked
 * refresh token. Retrying cannot help, so the session client throws this instead of trying again.
 */
export class KigoAuthenticationError extends Error {
  constructor(
    message: string,
    /** The HTTP status Kigo answered. */
    readonly status: number,
    /** The sandbox's `X-Sandbox-Reason` (e.g. `KIGO_KEY_REVOKED`); null against the real Kigo. */
    readonly reason: string | null,
    /** Kigo's error body, as received (never a token or key: the request's are not in it). */
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'KigoAuthenticationError';
  }
}

/** The error for a refused session request, with what Kigo said. */
export async function authenticationErrorOf(
  what: string,
  response: Response,
): Promise<KigoAuthenticationError> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  const reason = response.headers.get('x-sandbox-reason');
  const said =
    typeof body === 'object' && body !== null && 'message' in body
      ? String(body.message)
      : text.slice(0, 200);
  return new KigoAuthenticationError(
    `Kigo refused ${what}: ${response.status}${reason ? ` ${reason}` : ''} ${said}`.trim(),
    response.status,
    reason,
    body,
  );
}
