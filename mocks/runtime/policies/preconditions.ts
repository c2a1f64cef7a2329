import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectVersion } from '../provider';

export type PreconditionOutcome =
  | { readonly kind: 'pass' }
  /** The client's version is not the current one (RFC 9110 §13.1: 412). */
  | { readonly kind: 'stale'; readonly detail: string }
  /** The client showed no version at all (RFC 6585 §3: 428). */
  | { readonly kind: 'missing' };

/**
 * Evaluates `If-Match` and `If-Unmodified-Since` against an object's current version, as RFC 9110 §13.2.2
 * orders them: `If-Match` (strong comparison; `*` matches any existing object) decides when present, else
 * `If-Unmodified-Since` (second precision; an unparsable date is ignored, as the RFC says). An object that
 * does not exist passes: the handler answers its own 404.
 */
export function evaluatePreconditions(
  headers: IncomingHttpHeaders,
  current: ObjectVersion | undefined,
): PreconditionOutcome {
  if (current === undefined) return { kind: 'pass' };
  const ifMatch = headerText(headers['if-match']);
  if (ifMatch !== undefined) {
    const tags = parseEntityTags(ifMatch);
    if (tags === undefined) return { kind: 'stale', detail: 'If-Match is not a list of entity tags' };
    if (tags === '*') return { kind: 'pass' };
    const matches = tags.some(
      (tag) => !tag.startsWith('W/') && !current.etag.startsWith('W/') && tag === current.etag,
    );
    return matches
      ? { kind: 'pass' }
      : { kind: 'stale', detail: `If-Match ${ifMatch} does not match the current ETag ${current.etag}` };
  }
  const since = parseHttpDate(headerText(headers['if-unmodified-since']));
  if (since === undefined) return { kind: 'missing' };
  const modifiedSeconds = Math.floor(current.lastModified.getTime() / 1000);
  return modifiedSeconds > since / 1000
    ? {
        kind: 'stale',
        detail: `modified at ${current.lastModified.toUTCString()}, after If-Unmodified-Since`,
      }
    : { kind: 'pass' };
}

/** The headers carrying a version: `ETag` and `Last-Modified` (an HTTP date, second precision). */
export function versionHeaders(version: ObjectVersion): Record<string, string> {
  return { ETag: version.etag, 'Last-Modified': version.lastModified.toUTCString() };
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** `*` or a comma-separated list of entity tags (`"x"`, `W/"x"`); undefined when it is neither. */
export function parseEntityTags(value: string): '*' | string[] | undefined {
  if (value.trim() === '*') return '*';
  const tags: string[] = [];
  const pattern = /\s*((?:W\/)?"[\x21\x23-\x7e\x80-\xff]*")\s*(,|$)/y;
  let at = 0;
  while (at < value.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(value);
    if (!match) return undefined;
    tags.push(match[1] as string);
    at = pattern.lastIndex;
    if (match[2] === '') break;
  }
  return tags.length > 0 ? tags : undefined;
}

/** Milliseconds of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`); undefined when it is not one. */
function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value.trim()))
    return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
