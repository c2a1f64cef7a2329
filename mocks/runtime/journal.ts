import type { IncomingHttpHeaders } from 'node:http';

/** One request as the control surface shows it: what came in, what was checked, how it was answered. */
export interface JournalEntry {
  readonly id: number;
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly operationId: string | null;
  readonly status: number;
  readonly reason: string | null;
  readonly durationMs: number;
  /** Request headers, with credentials and signatures redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed request body, when there was one and it parsed. */
  readonly body: unknown;
  /** What the sandbox checked: the auth scheme's findings (string to sign, digest...), spec violations, idempotency. */
  readonly checked: Readonly<Record<string, unknown>>;
}

/** A request as recorded: the headers as received and the time as a number, shaped for reading only when read. */
export type RecordedRequest = Omit<JournalEntry, 'id' | 'time' | 'headers'> & {
  readonly timeMs: number;
  readonly headers: IncomingHttpHeaders;
};

export const REDACTED = '[redacted]';

/**
 * A bounded request journal: the oldest entries fall off once `capacity` is reached. Recording is on every
 * request's path, so redaction and formatting wait until somebody reads the journal.
 */
export class Journal {
  private entries: { readonly id: number; readonly request: RecordedRequest }[] = [];
  private nextId = 1;

  constructor(
    private readonly sensitiveHeaders: ReadonlySet<string>,
    private readonly capacity = 500,
  ) {}

  record(request: RecordedRequest): void {
    this.entries.push({ id: this.nextId++, request });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Oldest first, newest last, sensitive headers redacted. */
  list(): JournalEntry[] {
    return this.entries.map(({ id, request: { timeMs, headers, ...entry } }) => ({
      id,
      ...entry,
      time: new Date(timeMs).toISOString(),
      headers: redactHeaders(headers, this.sensitiveHeaders),
    }));
  }

  clear(): void {
    this.entries = [];
  }
}

/** Copies the headers worth showing, replacing the value of every sensitive one. */
export function redactHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  sensitive: ReadonlySet<string>,
): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    shown[name] = sensitive.has(name) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return shown;
}
