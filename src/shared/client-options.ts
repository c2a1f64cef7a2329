/**
 * The typed clients' options, checked when the client is created: a plain-JavaScript caller who misspells or
 * forgets one learns which, at once, instead of meeting `Cannot read properties of undefined` deep in a signer
 * on the first request. TypeScript callers are checked by the compiler already; this is the same contract at
 * run time.
 */

/** A client created with an option missing or of the wrong kind; the message names the option. */
export class ClientOptionsError extends TypeError {
  override readonly name = 'ClientOptionsError';
}

/** What an option must be: a non-empty string, an http(s) URL, a function, or a check of one's own. */
export type OptionRule =
  'string' | 'url' | { readonly optional: 'string' | 'url' } | ((value: unknown) => string | undefined);

/**
 * Throws a `ClientOptionsError` naming the first option (dotted path: `key.apiSecret`) that breaks its rule,
 * as `<client>: options.<path> must be <what>, got <what it was>`.
 */
export function checkClientOptions(
  client: string,
  options: unknown,
  rules: Readonly<Record<string, OptionRule>>,
): void {
  if (typeof options !== 'object' || options === null)
    throw new ClientOptionsError(`${client}: expected an options object, got ${describe(options)}`);
  for (const [path, rule] of Object.entries(rules)) {
    const value = path
      .split('.')
      .reduce<unknown>(
        (parent, name) =>
          typeof parent === 'object' && parent !== null
            ? (parent as Record<string, unknown>)[name]
            : undefined,
        options,
      );
    const problem = problemOf(rule, value);
    if (problem !== undefined)
      throw new ClientOptionsError(`${client}: options.${path} must be ${problem}, got ${describe(value)}`);
  }
}

function problemOf(rule: OptionRule, value: unknown): string | undefined {
  if (typeof rule === 'function') return rule(value);
  const optional = typeof rule === 'object';
  const kind = optional ? rule.optional : rule;
  if (optional && value === undefined) return undefined;
  const what = `${kind === 'url' ? 'an http(s) URL' : 'a non-empty string'}${optional ? ' when given' : ''}`;
  if (typeof value !== 'string' || value === '') return what;
  if (kind === 'url' && !/^https?:\/\/[^/\s]+/i.test(value)) return what;
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string of another form';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
