import { authenticationErrorOf } from './errors';

/** What a Bearer middleware needs of a session: the current token, and a new one when Kigo refused it. */
export interface TokenSource {
  /** The token to send now (obtained or renewed first when there is none or it is about to expire). */
  token(): Promise<string>;
  /**
   * A new token after Kigo refused `rejected`. Concurrent callers share one renewal; a caller whose
   * rejected token was already replaced gets the replacement without another renewal.
   */
  renew(rejected: string): Promise<string>;
}

interface HeldToken {
  readonly token: string;
  /** When to renew it unasked; undefined: only when Kigo refuses it. */
  readonly renewAtMs?: number;
}

/**
 * Holds one token and renews it once for everybody: while a renewal runs, every caller waits for that same
 * renewal. A failed renewal throws (a `KigoAuthenticationError`) to every waiting caller, and the next
 * call tries afresh; there is no retry loop.
 */
abstract class RenewingSession implements TokenSource {
  private held: HeldToken | undefined;
  private renewal: Promise<string> | undefined;
  private renewalCount = 0;

  constructor(
    protected readonly now: () => Date,
    initial?: HeldToken,
  ) {
    this.held = initial;
  }

  /** How many times a token was obtained (for monitoring, and tests that check renewals are shared). */
  get renewals(): number {
    return this.renewalCount;
  }

  async token(): Promise<string> {
    const held = this.held;
    if (held && (held.renewAtMs === undefined || this.now().getTime() < held.renewAtMs)) return held.token;
    return this.renewOnce();
  }

  async renew(rejected: string): Promise<string> {
    if (this.held && this.held.token !== rejected) return this.held.token;
    return this.renewOnce();
  }

  private renewOnce(): Promise<string> {
    this.renewal ??= this.obtain()
      .then((held) => {
        this.held = held;
        this.renewalCount += 1;
        return held.token;
      })
      .finally(() => {
        this.renewal = undefined;
      });
    return this.renewal;
  }

  protected abstract obtain(): Promise<HeldToken>;
}

export interface KigoPartnerSessionOptions {
  /** Kigo's API host: the sandbox's `http://127.0.0.1:4012`, or Kigo's own. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly partnerId: string;
  /** How long a partner token lives (Kigo: 30 minutes). */
  readonly tokenLifetimeSeconds?: number;
  /** Renew this long before the token expires, so no request goes out with a token about to lapse. */
  readonly renewBeforeSeconds?: number;
  /** The clock lifetimes are measured on (a test may pin it to the sandbox clock). */
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
}

/**
 * Kigo's partner session as the authentication guide recommends it: obtains the partner token from the API
 * key and partner id, renews it before it expires, and renews it (once, shared) when Kigo refuses it.
 */
export class KigoPartnerSession extends RenewingSession {
  constructor(private readonly options: KigoPartnerSessionOptions) {
    super(options.now ?? (() => new Date()));
  }

  protected async obtain(): Promise<HeldToken> {
    const { baseUrl, apiKey, partnerId, tokenLifetimeSeconds = 1800, renewBeforeSeconds = 60 } = this.options;
    const requestedAtMs = this.now().getTime();
    const response = await (this.options.fetch ?? fetch)(`${baseUrl}/api/v1/auth/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: apiKey, partner_id: partnerId }),
    });
    if (!response.ok) throw await authenticationErrorOf('the partner session', response);
    const { token } = (await response.json()) as { token: string };
    const lifetimeMs = Math.max(0, tokenLifetimeSeconds - renewBeforeSeconds) * 1000;
    return { token, renewAtMs: requestedAtMs + lifetimeMs };
  }
}

export interface KigoAccountSessionOptions {
  readonly baseUrl: string;
  /** The access and refresh token an account session (or its SSO exchange) returned. */
  readonly token: string;
  readonly refreshToken: string;
  readonly fetch?: typeof fetch;
}

/**
 * An account-space session: its access token, refreshed (once, shared) when Kigo refuses it. Kigo does not
 * say when an access token expires (1 hour or 30 minutes, its docs disagree), so it is renewed on refusal.
 */
export class KigoAccountSession extends RenewingSession {
  private refreshToken: string;

  constructor(private readonly options: KigoAccountSessionOptions) {
    super(() => new Date(), { token: options.token });
    this.refreshToken = options.refreshToken;
  }

  protected async obtain(): Promise<HeldToken> {
    const response = await (this.options.fetch ?? fetch)(
      `${this.options.baseUrl}/api/v1/auth/sessions/accounts/refresh`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: this.refreshToken }),
      },
    );
    if (!response.ok) throw await authenticationErrorOf('the refresh token', response);
    const { token, refresh_token } = (await response.json()) as { token: string; refresh_token: string };
    this.refreshToken = refresh_token;
    return { token };
  }
}
