import {
  shapeJournalEntry,
  type JournalEntry,
  type JournalOptions,
  type JournalRecord,
  type RecordedRequest,
} from '../journal';
import { Redactor } from '../redaction';
import { MAX_APPEND_VALUES, type StateStore, type StreamLimits } from './store';

export interface SharedJournalOptions extends Omit<JournalOptions, 'clock' | 'byteBudget'> {
  /** UTF-8 bytes of the serialised entries kept together (default 32 MiB, as the in-memory journal's budget). */
  readonly maxBytes?: number;
  /** The stream's name (default `journal`): one per provider when providers share a namespace. */
  readonly stream?: string;
}

/** Bytes of entries sent in one append at most: a burst of large entries goes in several. */
const MAX_APPEND_BYTES = 4 * 1024 * 1024;

/** An entry recorded and waiting for its batch's append. */
interface PendingEntry {
  readonly value: Buffer;
  readonly id: number | undefined;
  readonly resolve: (id: number) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The request journal on the store's capped stream: each entry is serialised once, when recorded (a request
 * as `Journal.record` takes it, with its real and sandbox times), and the stream keeps the newest within the
 * entry count and UTF-8 bytes; ids come from the stream and keep growing across resets. Reading shapes and
 * redacts entries as `Journal` does (`shapeJournalEntry`), so nothing secret is ever formatted on the way in.
 * Entries recorded in one turn of the event loop (the answers a burst of store replies completed) go to the
 * store in one append: one round trip for all of them.
 */
export class SharedJournal {
  private readonly redactor: Redactor;
  private readonly limits: StreamLimits;
  private readonly stream: string;
  private pending: PendingEntry[] = [];

  constructor(
    private readonly store: StateStore,
    private readonly namespace: string,
    options: SharedJournalOptions,
  ) {
    this.redactor = new Redactor(options.secrets, options.sensitiveHeaders, options.sensitiveFields);
    this.limits = { maxEntries: options.capacity ?? 500, maxBytes: options.maxBytes ?? 32 * 1024 * 1024 };
    this.stream = options.stream ?? 'journal';
  }

  /**
   * A journal id for a request about to be answered (its `X-Sandbox-Journal` names it before the entry is
   * recorded): from a counter of the namespace, which keeps growing across resets, as the stream's ids do.
   */
  reserveId(): Promise<number> {
    return this.store.increment(this.namespace, this.idCounter);
  }

  /** The namespace's counter `reserveId` takes ids from (a request's begin step reserves from it too). */
  get idCounter(): string {
    return `${this.stream}-ids`;
  }

  /**
   * Records an answered request under `id` (from `reserveId`), or under the stream's own id; its id, once the
   * entry is in the store. Entries of processes recording at once may reach the stream out of id order:
   * readers order them by id.
   */
  record(request: RecordedRequest, sandboxTime: Date, id?: number): Promise<number> {
    const value = encodeRecord(request, {
      ...(id === undefined ? {} : { id }),
      timeMs: Date.now(),
      sandboxTimeMs: sandboxTime.getTime(),
    });
    return new Promise((resolve, reject) => {
      this.pending.push({ value, id, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Sends every entry recorded since the last flush, in appends of bounded size. */
  private flush(): void {
    const pending = this.pending;
    this.pending = [];
    for (let from = 0; from < pending.length;) {
      let to = from + 1;
      let bytes = (pending[from] as PendingEntry).value.length;
      while (to < pending.length && to - from < MAX_APPEND_VALUES) {
        bytes += (pending[to] as PendingEntry).value.length;
        if (bytes > MAX_APPEND_BYTES) break;
        to += 1;
      }
      void this.append(pending.slice(from, to));
      from = to;
    }
  }

  private async append(batch: readonly PendingEntry[]): Promise<void> {
    try {
      const values = batch.map((entry) => entry.value);
      const ids = await this.store.append(this.namespace, this.stream, values, this.limits);
      batch.forEach((entry, i) => entry.resolve(entry.id ?? (ids[i] as number)));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }

  /** Oldest first, newest last, as `Journal.list`. */
  async list(): Promise<JournalEntry[]> {
    return this.shown();
  }

  /** The entries after `afterId`, at most `limit` (the newest), as `Journal.since`. */
  async since(afterId: number, limit: number): Promise<JournalEntry[]> {
    return (await this.shown()).filter((entry) => entry.id > afterId).slice(-limit);
  }

  /** One entry by its id; undefined once it has fallen off or been cleared. */
  async find(id: number): Promise<JournalEntry | undefined> {
    return (await this.shown()).find((entry) => entry.id === id);
  }

  /** A copy of `value` with every secret redacted, as the journal would show it. */
  redact(value: unknown): unknown {
    return this.redactor.value(value);
  }

  /** The stream's entries (at most its capacity), shaped and redacted, in id order. */
  private async shown(): Promise<JournalEntry[]> {
    const entries = await this.store.entries(this.namespace, this.stream);
    return entries
      .map(({ id, value }) => {
        const recorded = decodeRecord(value);
        return shapeJournalEntry(this.redactor, { ...recorded, id: recorded.id ?? id });
      })
      .sort((a, b) => a.id - b.id);
  }
}

/** An entry as stored, but for its bodies' texts: their lengths (null: no body), the texts follow it. */
type StoredRecord = Omit<JournalRecord, 'id' | 'request'> & {
  readonly id?: number;
  readonly request: Omit<RecordedRequest, 'bodyText' | 'responseBodyText'>;
  readonly bodyLength: number | null;
  readonly responseBodyLength: number | null;
};

/**
 * An entry's UTF-8 bytes: its JSON but for the request's and the response's body texts, then a newline, then the
 * two texts as they are. The bodies are most of an entry and are JSON texts themselves: kept out of the JSON, they
 * are neither escaped when recorded nor unescaped when read. (JSON never holds a raw newline: the first one
 * ends it.) Bytes, not text: see `StreamValue`.
 */
function encodeRecord(
  { bodyText, responseBodyText, ...request }: RecordedRequest,
  times: Omit<StoredRecord, 'request' | 'bodyLength' | 'responseBodyLength'>,
): Buffer {
  const stored: StoredRecord = {
    ...times,
    request,
    bodyLength: bodyText?.length ?? null,
    responseBodyLength: responseBodyText?.length ?? null,
  };
  return Buffer.from(`${JSON.stringify(stored)}\n${bodyText ?? ''}${responseBodyText ?? ''}`);
}

function decodeRecord(value: string): Omit<JournalRecord, 'id'> & { readonly id?: number } {
  const end = value.indexOf('\n');
  const { bodyLength, responseBodyLength, request, ...times } = JSON.parse(
    value.slice(0, end),
  ) as StoredRecord;
  const bodiesAt = end + 1;
  const responseAt = bodiesAt + (bodyLength ?? 0);
  return {
    ...times,
    request: {
      ...request,
      bodyText: bodyLength === null ? undefined : value.slice(bodiesAt, responseAt),
      responseBodyText:
        responseBodyLength === null ? undefined : value.slice(responseAt, responseAt + responseBodyLength),
    },
  };
}
