/**
 * `{{variable}}` placeholders of conformance fixtures: filled in from the values a replay has bound (captured
 * from earlier answers or made before the replay), and read back out of answers by dotted paths.
 */
export type Variables = ReadonlyMap<string, string>;

/** `text` with each `{{name}}` replaced by its value; a name without a value is an error naming `where`. */
export function substitute(text: string, vars: Variables, where: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_placeholder, name: string) => {
    const value = vars.get(name);
    if (value === undefined) throw new Error(`${where}: no value for {{${name}}}`);
    return value;
  });
}

/** A JSON body with every string's placeholders filled in. */
export function substituteBody(value: unknown, vars: Variables, where: string): unknown {
  if (typeof value === 'string') return substitute(value, vars, where);
  if (Array.isArray(value)) return value.map((item) => substituteBody(item, vars, where));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteBody(item, vars, where)]),
    );
  }
  return value;
}

/** The value at a dotted path (`quotes.0.id`); object keys and array indexes alike. */
export function valueAt(body: unknown, dotted: string): unknown {
  let value: unknown = body;
  for (const key of dotted.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
