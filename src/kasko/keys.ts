/**
 * KASKO's key formats: secret keys `sk_test_...` / `sk_live_...` (REST API), public (client) keys
 * `pk_test_...` / `pk_live_...` (KASKO JS, and `?key=` on quotes). The documentation shows 32 characters
 * after the prefix; any run of letters, digits and `_` is accepted as well-formed (Inferred), so that a
 * config file may name keys such as `sk_test_partner_b`.
 */
export type KaskoKeyKind = 'secret' | 'public';

const SHAPES: Readonly<Record<KaskoKeyKind, { test: RegExp; live: RegExp }>> = {
  secret: { test: /^sk_test_[A-Za-z0-9_]{1,128}$/, live: /^sk_live_/ },
  public: { test: /^pk_test_[A-Za-z0-9_]{1,128}$/, live: /^pk_live_/ },
};

export type KaskoKeyShape = 'test' | 'live' | 'malformed';

/** Whether a value is a well-formed test key of this kind, a live key (never valid here), or neither. */
export function kaskoKeyShape(kind: KaskoKeyKind, value: string): KaskoKeyShape {
  if (SHAPES[kind].live.test(value)) return 'live';
  return SHAPES[kind].test.test(value) ? 'test' : 'malformed';
}

/** Whether a value is shaped as a live key of either kind (`sk_live_...`, `pk_live_...`). */
export function isLiveKaskoKey(value: string): boolean {
  return kaskoKeyShape('secret', value) === 'live' || kaskoKeyShape('public', value) === 'live';
}
