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

/** Values the sandbox issued (session tokens) that a redactor remembers; the oldest are forgotten first. */
export const MAX_ISSUED_SECRETS = 2000;

/**
 * Hides secrets in what the journal shows. Exact header values are not enough: a client may put its secret
 * inside another value (`keyId="key:secret"`, a trailing space, a JSON body, a detail echoing it, a path), in
 * any encoding (percent-encoded with any case or set of characters, base64 inside Basic credentials), so every
 * occurrence of a secret, in each of these forms, is replaced in every string, keys included. Values of
 * sensitive headers are replaced whole. The secrets are the configured ones and those the sandbox issued
 * (`addIssued`).
 */
export class Redactor {
  private pattern: RegExp | undefined;
  private stale = true;
  private readonly configured: readonly string[];
  private readonly issued = new Set<string>();
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
    this.configured = [...secrets].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
    this.sensitiveHeaders = new Set(
      [...ALWAYS_SENSITIVE_HEADERS, ...sensitiveHeaders].map((name) => name.toLowerCase()),
    );
    this.sensitiveFields = new Set(sensitiveFields);
  }

  /** A value the sandbox issued (a session token): hidden from now on wherever it appears, like a credential. */
  addIssued(value: string): void {
    if (value.length < MIN_SECRET_LENGTH || this.issued.has(value)) return;
    this.issued.add(value);
    if (this.issued.size > MAX_ISSUED_SECRETS)
      this.issued.delete(this.issued.values().next().value as string);
    this.stale = true;
  }

  /** Forgets the issued values (a reset: the tokens no longer exist). */
  clearIssued(): void {
    this.issued.clear();
    this.stale = true;
  }

  text(value: string): string {
    const pattern = this.currentPattern();
    if (!pattern) return value;
    const redacted = value.replace(pattern, REDACTED);
    if (!redacted.includes('%')) return redacted;
    // Percent-encoding a client chose (lower-case hex, unreserved characters encoded): shown decoded, redacted.
    const decoded = percentDecoded(redacted);
    if (decoded === redacted) return redacted;
    pattern.lastIndex = 0;
    return pattern.test(decoded) ? decoded.replace(pattern, REDACTED) : redacted;
  }

  private currentPattern(): RegExp | undefined {
    if (!this.stale) return this.pattern;
    this.stale = false;
    const forms = new Set<string>();
    for (const secret of [...this.configured, ...this.issued])
      for (const form of formsOf(secret)) forms.add(form);
    // Longest first, so a secret containing another is replaced whole.
    const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'g') : undefined;
    return this.pattern;
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

/** Base64 text shorter than this is not searched for: too likely to occur by chance. */
const MIN_BASE64_FORM_LENGTH = 8;

/**
 * How a secret may be written in a request: as it is, percent-encoded, and in base64 (standard and URL-safe)
 * at each of the three alignments it can take inside a longer encoded text (`user:secret` in Basic
 * credentials): the characters that encode the secret alone, whatever surrounds it.
 */
function formsOf(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret)];
  const bytes = Buffer.from(secret, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Characters touched by the padding bytes before, or by whatever follows, depend on the surroundings.
    const first = Math.ceil((offset * 4) / 3);
    const last = Math.floor(((offset + bytes.length) * 4) / 3);
    const inner = encoded.slice(first, last);
    if (inner.length < MIN_BASE64_FORM_LENGTH) continue;
    forms.push(inner, inner.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/** Every run of `%XX` escapes decoded as UTF-8 (malformed runs as U+FFFD); anything else left as it is. */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
    Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'),
  );
}

/** The string values of the fields named, at any depth of a JSON value (iterative: no deep recursion). */
export function stringsAt(body: unknown, fields: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      pending.push(...(value as unknown[]));
      continue;
    }
    for (const [field, item] of Object.entries(value)) {
      if (typeof item === 'string' && fields.has(field)) found.push(item);
      else pending.push(item);
    }
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
