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

/**
 * A request as recorded: the headers as received, the time as a number and the body as its text, shaped for
 * reading only when read. (Keeping the text rather than the parsed body keeps each entry a handful of heap
 * objects: entries live long enough to be promoted by the garbage collector, which makes many small ones costly.)
 */
export type RecordedRequest = Omit<JournalEntry, 'id' | 'time' | 'headers' | 'body'> & {
  readonly timeMs: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as received (UTF-8), undefined when there was none. */
  readonly bodyText: string | undefined;
};

export const REDACTED = '[redacted]';

/**
 * A bounded request journal: the oldest entries fall off once `capacity` is reached. Recording is on every
 * request's path, so redaction and formatting wait until somebody reads the journal.
 */
export class Journal {
  /** A ring: `recorded` entries so far, the newest at `(recorded - 1) % capacity`. */
  private slots: (RecordedRequest | undefined)[] = [];
  private recorded = 0;
  /** Entries recorded before the last clear: ids keep increasing across clears, so pollers never see one twice. */
  private cleared = 0;

  constructor(
    private readonly sensitiveHeaders: ReadonlySet<string>,
    private readonly capacity = 500,
  ) {}

  record(request: RecordedRequest): void {
    this.slots[this.recorded % this.capacity] = request;
    this.recorded += 1;
  }

  /** Oldest first, newest last, sensitive headers redacted, bodies parsed back when they are JSON. */
  list(): JournalEntry[] {
    const first = Math.max(0, this.recorded - this.capacity);
    const entries: JournalEntry[] = [];
    for (let index = first; index < this.recorded; index++) {
      const { timeMs, headers, bodyText, ...entry } = this.slots[index % this.capacity] as RecordedRequest;
      entries.push({
        id: this.cleared + index + 1,
        ...entry,
        time: new Date(timeMs).toISOString(),
        headers: redactHeaders(headers, this.sensitiveHeaders),
        body: bodyOf(bodyText),
      });
    }
    return entries;
  }

  clear(): void {
    this.cleared += this.recorded;
    this.slots = [];
    this.recorded = 0;
  }
}

function bodyOf(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
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
