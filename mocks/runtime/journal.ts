import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { estimateBytes } from './byte-budget';
import { Redactor } from './redaction';

/** One request as the control surface shows it: what came in, what was checked, how it was answered. */
export interface JournalEntry {
  readonly id: number;
  /** Real time when the answer went out (ISO 8601). */
  readonly time: string;
  /** The sandbox clock's time then: what signature windows and expiries compared against. */
  readonly sandboxTime: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly operationId: string | null;
  readonly status: number;
  readonly reason: string | null;
  readonly durationMs: number;
  /** Request headers, with credentials and signatures redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The request body: parsed when it is JSON, else its text (raw bytes: their size, type and SHA-256); undefined
   * when there was none.
   */
  readonly body: unknown;
  /** What the sandbox checked: the auth scheme's findings (string to sign, digest...), spec violations, idempotency. */
  readonly checked: Readonly<Record<string, unknown>>;
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: unknown;
  };
  /** For a request no operation matched: the closest operations, as "METHOD /path". */
  readonly nearMisses?: readonly string[];
}

/**
 * A request as recorded: headers as received and sent, bodies as their text (bounded by `journalBodyText`),
 * shaped and redacted only when read. (Keeping texts rather than parsed bodies keeps each entry a handful of
 * heap objects: entries live long enough to be promoted by the garbage collector, which makes many small
 * ones costly.)
 */
export type RecordedRequest = Pick<
  JournalEntry,
  'method' | 'path' | 'query' | 'operationId' | 'status' | 'reason' | 'durationMs' | 'checked' | 'nearMisses'
> & {
  readonly headers: IncomingHttpHeaders;
  /** The request body as received (UTF-8), undefined when there was none. */
  readonly bodyText: string | undefined;
  readonly responseHeaders: OutgoingHttpHeaders;
  readonly responseBodyText: string | undefined;
};

export interface JournalOptions {
  /** The credential values in force: never shown, wherever a client put them. */
  readonly secrets: Iterable<string>;
  /** Headers whose values are never shown (the provider's; Authorization, Cookie... always). */
  readonly sensitiveHeaders: Iterable<string>;
  /** JSON body fields whose string values are never shown (issued session tokens). */
  readonly sensitiveFields?: Iterable<string>;
  /** The sandbox clock, stamped on every entry beside real time. */
  readonly clock: { now(): Date };
  /** Entries kept (default 500). */
  readonly capacity?: number;
  /**
   * Bytes (estimated, an upper bound) kept over all entries, default 32 MiB: everything an entry holds is
   * charged (bodies, headers, what was checked, violations, near misses), and the oldest entries go first.
   */
  readonly byteBudget?: number;
}

/** A body is kept in the journal up to this size (64 KiB); a bigger one is noted by its size. */
export const JOURNAL_BODY_LIMIT = 64 * 1024;

/** A request or response body as the journal keeps it. */
export function journalBodyText(raw: Buffer | string): string | undefined {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size === 0) return undefined;
  if (size > JOURNAL_BODY_LIMIT) return `[a ${size}-byte body, not kept]`;
  return typeof raw === 'string' ? raw : raw.toString('utf8');
}

/**
 * Raw bytes (a file) as the journal keeps them: their size, media type and SHA-256, so that an upload can be
 * matched to its file without its bytes (or a binary's noise) in the journal.
 */
export function journalBytesSummary(raw: Buffer, contentType: string | undefined): string | undefined {
  if (raw.length === 0) return undefined;
  // The media type comes from the client: bounded, as everything the journal keeps is.
  const type = (contentType ?? 'untyped').slice(0, 200);
  return `[${raw.length} bytes of ${type}, sha256 ${createHash('sha256').update(raw).digest('hex')}]`;
}

/** A request as recorded, with its id and when it was answered (real and sandbox time, ms). */
export interface JournalRecord {
  readonly id: number;
  readonly request: RecordedRequest;
  readonly timeMs: number;
  readonly sandboxTimeMs: number;
}

interface Slot extends JournalRecord {
  readonly size: number;
}

/** What a slot costs beyond what it holds: the slot, its request record and the times. */
const SLOT_BYTES = 256;

/**
 * A bounded request journal: the oldest entries fall off once `capacity` entries or `byteBudget` bytes are
 * reached. Recording is on every request's path, so redaction and formatting wait until somebody
 * reads the journal.
 */
export class Journal {
  /** A ring: sequence numbers `first` (oldest kept) to `next - 1` (newest), at `seq % capacity`. */
  private slots: (Slot | undefined)[] = [];
  private first = 0;
  private next = 0;
  private bytes = 0;
  /** The last id given out: ids keep increasing across clears, so pollers never see one twice. */
  private lastId = 0;
  private readonly redactor: Redactor;
  private readonly capacity: number;
  private readonly byteBudget: number;

  constructor(private readonly options: JournalOptions) {
    this.redactor = new Redactor(options.secrets, options.sensitiveHeaders, options.sensitiveFields);
    this.capacity = options.capacity ?? 500;
    this.byteBudget = options.byteBudget ?? 32 * 1024 * 1024;
  }

  /**
   * The id the next answer's entry will have, given out before the answer is written so that the answer can
   * name its entry (`X-Sandbox-Journal`); `record` takes it back once the answer is out.
   */
  reserveId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** Records a request under the id reserved for it (a new one when none was). */
  record(request: RecordedRequest, id: number = this.reserveId()): void {
    if (this.next - this.first === this.capacity) this.dropOldest();
    const size = journalEntryBytes(request);
    const slot: Slot = {
      id,
      request,
      timeMs: Date.now(),
      sandboxTimeMs: this.options.clock.now().getTime(),
      size,
    };
    // Answers settle in about the order their ids were reserved; one that settles later than a younger one
    // moves back to its place, so the list stays in id order and `since=<id>` pollers miss nothing.
    let seq = this.next;
    while (seq > this.first && (this.slots[(seq - 1) % this.capacity] as Slot).id > id) {
      this.slots[seq % this.capacity] = this.slots[(seq - 1) % this.capacity];
      seq -= 1;
    }
    this.slots[seq % this.capacity] = slot;
    this.next += 1;
    this.bytes += size;
    while (this.bytes > this.byteBudget && this.next - this.first > 1) this.dropOldest();
  }

  /** Oldest first, newest last, secrets redacted, bodies parsed back when they are JSON. */
  list(): JournalEntry[] {
    const entries: JournalEntry[] = [];
    for (let seq = this.first; seq < this.next; seq++) {
      entries.push(this.shown(this.slots[seq % this.capacity] as Slot));
    }
    return entries;
  }

  /** One entry by its id, as the list shows it; undefined once it has fallen off or been cleared. */
  find(id: number): JournalEntry | undefined {
    for (let seq = this.next - 1; seq >= this.first; seq--) {
      const slot = this.slots[seq % this.capacity] as Slot;
      if (slot.id === id) return this.shown(slot);
      if (slot.id < id) return undefined;
    }
    return undefined;
  }

  /** A value the sandbox issued (a session token): never shown from now on, wherever a client puts it. */
  addIssued(value: string): void {
    this.redactor.addIssued(value);
  }

  /** A copy of `value` with every secret and issued value redacted, as the journal would show it. */
  redact(value: unknown): unknown {
    return this.redactor.value(value);
  }

  /**
   * The entries after the entry `afterId`, at most `limit` (the newest), shaped as `list()` shapes them: what a
   * poller needs, without shaping what it already has.
   */
  since(afterId: number, limit: number): JournalEntry[] {
    const entries: JournalEntry[] = [];
    for (let seq = Math.max(this.first, this.next - limit); seq < this.next; seq++) {
      const slot = this.slots[seq % this.capacity] as Slot;
      if (slot.id > afterId) entries.push(this.shown(slot));
    }
    return entries;
  }

  /** The id of the oldest entry kept (of the next one when none is): older ids were dropped or cleared. */
  get oldestId(): number {
    return this.next > this.first ? (this.slots[this.first % this.capacity] as Slot).id : this.lastId + 1;
  }

  clear(): void {
    this.redactor.clearIssued();
    this.slots = [];
    this.first = 0;
    this.next = 0;
    this.bytes = 0;
  }

  private dropOldest(): void {
    const index = this.first % this.capacity;
    this.bytes -= this.slots[index]?.size ?? 0;
    this.slots[index] = undefined;
    this.first += 1;
  }

  private shown(slot: Slot): JournalEntry {
    return shapeJournalEntry(this.redactor, slot);
  }
}

/** A recorded request as the journal shows it: secrets redacted, bodies parsed back when they are JSON. */
export function shapeJournalEntry(
  redact: Redactor,
  { id, request, timeMs, sandboxTimeMs }: JournalRecord,
): JournalEntry {
  const { headers, bodyText, responseHeaders, responseBodyText, nearMisses, ...rest } = request;
  return {
    id,
    time: new Date(timeMs).toISOString(),
    sandboxTime: new Date(sandboxTimeMs).toISOString(),
    ...rest,
    path: redact.text(rest.path),
    query: redact.text(rest.query),
    headers: redact.headers(headers),
    body: redact.value(jsonOrText(bodyText)),
    checked: redact.value(rest.checked) as Record<string, unknown>,
    response: {
      status: rest.status,
      headers: redact.headers(responseHeaders),
      body: redact.value(jsonOrText(responseBodyText)),
    },
    ...(nearMisses ? { nearMisses } : {}),
  };
}

/**
 * What the journal charges a recorded request: the bytes it holds (an upper-bound estimate), texts at two
 * bytes a character, headers, checks and near misses as `estimateBytes` counts them, plus the slot.
 */
export function journalEntryBytes(request: RecordedRequest): number {
  const texts =
    request.method.length +
    request.path.length +
    request.query.length +
    (request.operationId?.length ?? 0) +
    (request.reason?.length ?? 0) +
    (request.bodyText?.length ?? 0) +
    (request.responseBodyText?.length ?? 0);
  return (
    SLOT_BYTES +
    2 * texts +
    estimateBytes(request.headers) +
    estimateBytes(request.responseHeaders) +
    estimateBytes(request.checked) +
    (request.nearMisses ? estimateBytes(request.nearMisses) : 0)
  );
}

/** A text as a client meant it: the JSON it holds, or the text itself (undefined stays undefined). */
export function jsonOrText(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
