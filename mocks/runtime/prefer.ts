import { CONNECTION_FAULTS, type ConnectionFault } from './faults';

/**
 * The `Prefer` request header as the sandbox reads it: Prism's `code=NNN`, `example=NAME` and
 * `dynamic=true|false` (the answer comes from the spec instead of the provider's handler), and the sandbox's
 * extension `fault=drop|reset|truncate|malformed|trickle` (this one request's connection breaks so). Preferences
 * are comma-separated (RFC 7240); unknown ones are ignored, as RFC 7240 says, but a `fault` or `code` that
 * cannot be honoured is refused, so a typo never passes for a healthy answer.
 */
export interface Preferences {
  readonly code?: number;
  readonly exampleKey?: string;
  readonly dynamic?: boolean;
  readonly fault?: ConnectionFault;
}

/** The preferences, or a one-line problem with them. */
export type PreferParse =
  { readonly ok: true; readonly value: Preferences } | { readonly ok: false; readonly problem: string };

/** What a request without `Prefer` (nearly every one) prefers: nothing; one frozen answer for all of them. */
const NO_PREFERENCES: PreferParse = Object.freeze({ ok: true, value: Object.freeze({}) });

export function parsePrefer(header: string | string[] | undefined): PreferParse {
  if (header === undefined) return NO_PREFERENCES;
  const chosen: { code?: number; exampleKey?: string; dynamic?: boolean; fault?: ConnectionFault } = {};
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const part of text.split(/[,;]/)) {
    const [name, rawValue] = part
      .trim()
      .split('=', 2)
      .map((token) => token.trim()) as [string, string?];
    const value = rawValue?.replace(/^"(.*)"$/, '$1');
    if (name === 'code') {
      if (!value || !/^[1-5]\d\d$/.test(value))
        return { ok: false, problem: 'Prefer: code= needs a status from 100 to 599' };
      chosen.code = Number(value);
    } else if (name === 'example' && value) {
      chosen.exampleKey = value;
    } else if (name === 'dynamic') {
      chosen.dynamic = value === 'true';
    } else if (name === 'fault') {
      if (!CONNECTION_FAULTS.includes(value as ConnectionFault)) {
        return { ok: false, problem: `Prefer: fault= must be one of ${CONNECTION_FAULTS.join(', ')}` };
      }
      chosen.fault = value as ConnectionFault;
    }
  }
  return { ok: true, value: chosen };
}

/** Whether the preferences ask for the spec's answer instead of the handler's. */
export function wantsSpecAnswer(preferences: Preferences): boolean {
  return (
    preferences.code !== undefined || preferences.exampleKey !== undefined || preferences.dynamic === true
  );
}
