export const REDACTED = '[redacted]';

/** Headers that carry credentials whatever the provider says: their values are never shown. */
export const ALWAYS_SENSITIVE_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
];

/** Secrets shorter than this are not searched for: they would blank out ordinary words and ids. */
export const MIN_SECRET_LENGTH = 6;

/** Nesting shown by the journal; deeper values are replaced by a note (and could not be serialized anyway). */
export const MAX_SHOWN_DEPTH = 64;
export const TOO_DEEP = '[not shown: nested too deeply]';

/**
 * Hides secrets in what the journal shows. Exact header values are not enough: a client may put its secret
 * inside another value (`keyId="key:secret"`, a trailing space, a JSON body, a detail echoing it), so every
 * occurrence of a secret, as it is or percent-encoded, is replaced in every string, keys included. Values
 * of sensitive headers are replaced whole.
 */
export class Redactor {
  private readonly pattern: RegExp | undefined;
  private readonly sensitiveHeaders: ReadonlySet<string>;
  private readonly sensitiveFields: ReadonlySet<string>;

  /**
   * `sensitiveFields`: JSON field names whose string values are replaced whole, at any depth: the session
   * tokens a provider issues, which are no configured secret the text search could know.
   */
  constructor(
    secrets: Iterable<string>,
    sensitiveHeaders: Iterable<string>,
    sensitiveFields: Iterable<string> = [],
  ) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      forms.add(secret);
      forms.add(encodeURIComponent(secret));
    }
    // Longest first, so a secret containing another is replaced whole.
    const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'g') : undefined;
    this.sensitiveHeaders = new Set(
      [...ALWAYS_SENSITIVE_HEADERS, ...sensitiveHeaders].map((name) => name.toLowerCase()),
    );
    this.sensitiveFields = new Set(sensitiveFields);
  }

  text(value: string): string {
    return this.pattern ? value.replace(this.pattern, REDACTED) : value;
  }

  /** A deep copy of `value` with every string (and key) redacted, nesting cut at MAX_SHOWN_DEPTH. */
  value(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.text(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_SHOWN_DEPTH) return TOO_DEEP;
    if (Array.isArray(value)) return value.map((item: unknown) => this.value(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty: a "__proto__" key stays a plain key instead of replacing the copy's prototype.
      Object.defineProperty(copy, this.text(key), {
        value:
          typeof item === 'string' && this.sensitiveFields.has(key) ? REDACTED : this.value(item, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }

  /** The headers worth showing: sensitive ones replaced whole, the others with secrets redacted. */
  headers(
    headers: Readonly<Record<string, string | number | readonly string[] | undefined>>,
  ): Record<string, string> {
    const shown: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.join(', ') : String(value);
      shown[this.text(name)] = this.sensitiveHeaders.has(name.toLowerCase()) ? REDACTED : this.text(text);
    }
    return shown;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
