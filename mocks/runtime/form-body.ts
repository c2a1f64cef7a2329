import { isUtf8 } from 'node:buffer';

export type FormParseResult =
  | { readonly ok: true; readonly value: Record<string, string | string[]> }
  | { readonly ok: false; readonly detail: string };

/**
 * Parses an `application/x-www-form-urlencoded` body (what a browser form posts) into fields: a name sent
 * once is a string, a name sent several times a list, in order. Names are stored as own properties only,
 * so a field called `__proto__` is a field, never a prototype.
 */
export function parseFormBody(raw: Buffer): FormParseResult {
  if (!isUtf8(raw)) return { ok: false, detail: 'the body is not valid UTF-8' };
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(raw.toString('utf8'))) {
    const previous = Object.hasOwn(fields, name) ? fields[name] : undefined;
    const next =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    Object.defineProperty(fields, name, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { ok: true, value: fields };
}
