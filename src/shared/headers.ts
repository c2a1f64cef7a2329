/** Header bag as Node gives it (lower-case names) or as a caller builds it (any case). */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Case-insensitive header lookup. Values are trimmed; multiple values (array values, or the same name in
 * different cases) are joined with ", " in order. Returns undefined when the header is absent.
 */
export function getHeader(headers: HeaderBag | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const wanted = name.toLowerCase();
  // Node's header objects have lower-case names only: one lookup answers, unless the bag mixes cases.
  const direct = headers[wanted];
  if (typeof direct === 'string' && isLowerCaseBag(headers)) return direct.trim();
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (typeof value === 'string') values.push(value.trim());
    else for (const item of value) values.push(item.trim());
  }
  return values.length === 0 ? undefined : values.join(', ');
}

/** Whether every header name is lower case, as in the header objects Node builds. */
function isLowerCaseBag(headers: HeaderBag): boolean {
  for (const key in headers) if (key !== key.toLowerCase()) return false;
  return true;
}

/** Copy of `headers` without any entry named `name` (case-insensitive). */
export function withoutHeader(
  headers: HeaderBag | undefined,
  name: string,
): Record<string, string | readonly string[] | undefined> {
  const wanted = name.toLowerCase();
  // Object.fromEntries defines own properties, so a header named "__proto__" cannot touch the prototype.
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([key]) => key.toLowerCase() !== wanted));
}
