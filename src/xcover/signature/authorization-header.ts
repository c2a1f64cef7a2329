/**
 * `Authorization: Signature keyId="…",algorithm="…",[headers="…",]signature="…"` (HTTP Signatures, cavage draft,
 * as Tyk implements it). Details produced here never quote parameter values, so they cannot leak a signature.
 */

export interface XCoverAuthorizationParams {
  keyId: string;
  algorithm: string;
  /** Lower-cased names from `headers=`; absent when the parameter is absent (date-only form). */
  headers?: string[];
  signature: string;
}

export type ParsedAuthorization =
  { ok: true; params: XCoverAuthorizationParams } | { ok: false; detail: string };

const KNOWN = ['keyid', 'algorithm', 'headers', 'signature'] as const;
type KnownParam = (typeof KNOWN)[number];
const NAME = /[A-Za-z][A-Za-z0-9_-]*/y;
const OWS = /[ \t]*/y;
const SCHEME = /^[ \t]*([^ \t]+)(?:[ \t]+|$)/;

function isKnown(name: string): name is KnownParam {
  return (KNOWN as readonly string[]).includes(name);
}

/**
 * Parse a Signature Authorization header. Scheme is case-insensitive; parameters are comma-separated `name="value"`
 * pairs with optional spaces after commas; parameter names are matched case-insensitively (as Tyk does); unknown
 * parameters are ignored; duplicates, empty/unquoted values and missing keyId/algorithm/signature are errors.
 */
export function parseSignatureAuthorization(value: string): ParsedAuthorization {
  const scheme = SCHEME.exec(value);
  if (scheme === null || scheme[1]?.toLowerCase() !== 'signature') {
    return { ok: false, detail: 'Authorization scheme must be "Signature"' };
  }
  const rest = value.slice(scheme[0].length).replace(/[ \t]+$/, '');
  if (rest === '') return { ok: false, detail: 'Authorization "Signature" has no parameters' };

  const seen = new Set<string>();
  const known = new Map<KnownParam, string>();
  let pos = 0;
  for (;;) {
    NAME.lastIndex = pos;
    const nameMatch = NAME.exec(rest);
    if (nameMatch === null) return { ok: false, detail: `expected a parameter name at offset ${pos}` };
    const name = nameMatch[0];
    const lower = name.toLowerCase();
    pos += name.length;
    if (rest.charAt(pos) !== '=') return { ok: false, detail: `parameter ${name} must be followed by "="` };
    pos += 1;
    if (rest.charAt(pos) !== '"')
      return { ok: false, detail: `parameter ${name} must have a double-quoted value` };
    const close = rest.indexOf('"', pos + 1);
    if (close === -1) return { ok: false, detail: `parameter ${name} has an unterminated quoted value` };
    const paramValue = rest.slice(pos + 1, close);
    if (paramValue === '') return { ok: false, detail: `parameter ${name} is empty` };
    if (seen.has(lower)) return { ok: false, detail: `parameter ${name} appears more than once` };
    seen.add(lower);
    if (isKnown(lower)) known.set(lower, paramValue);
    pos = close + 1;
    if (pos === rest.length) break;
    if (rest.charAt(pos) !== ',') return { ok: false, detail: `expected "," after parameter ${name}` };
    OWS.lastIndex = pos + 1;
    pos = pos + 1 + (OWS.exec(rest)?.[0].length ?? 0);
    if (pos === rest.length) return { ok: false, detail: 'Authorization ends with a trailing ","' };
  }

  const keyId = known.get('keyid');
  const algorithm = known.get('algorithm');
  const signature = known.get('signature');
  const headers = known.get('headers');
  const missing = [
    keyId === undefined ? 'keyId' : undefined,
    algorithm === undefined ? 'algorithm' : undefined,
    signature === undefined ? 'signature' : undefined,
  ].filter((name): name is string => name !== undefined);
  if (keyId === undefined || algorithm === undefined || signature === undefined) {
    return { ok: false, detail: `Authorization is missing ${missing.join(', ')}` };
  }
  const params: XCoverAuthorizationParams = { keyId, algorithm, signature };
  if (headers !== undefined) {
    const names = headers.trim() === '' ? [] : headers.trim().split(/[ \t]+/);
    if (names.length === 0) return { ok: false, detail: 'parameter headers lists no header names' };
    params.headers = names.map((name) => name.toLowerCase());
  }
  return { ok: true, params };
}

/** Format the header exactly as the official SDKs do: no spaces after commas, headers= only when given. */
export function formatSignatureAuthorization(params: XCoverAuthorizationParams): string {
  const headers = params.headers === undefined ? '' : `headers="${params.headers.join(' ')}",`;
  return `Signature keyId="${params.keyId}",algorithm="${params.algorithm}",${headers}signature="${params.signature}"`;
}
