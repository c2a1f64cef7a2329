import {
  shapeJournalEntry,
  type JournalEntry,
  type JournalOptions,
  type JournalRecord,
  type RecordedRequest,
} from '../journal';
import { Redactor } from '../redaction';
import type { StateStore, StreamLimits } from './store';

export interface SharedJournalOptions extends Omit<JournalOptions, 'clock' | 'byteBudget'> {
  /** UTF-8 bytes of the serialised entries kept together (default 32 MiB, as the in-memory journal's budget). */
  readonly maxBytes?: number;
  /** The stream's name (default `journal`): one per provider when providers share a namespace. */
  readonly stream?: string;
}

/**
 * The request journal on the store's capped stream: each entry is serialised once, when recorded (a request
 * as `Journal.record` takes it, with its real and sandbox times), and the stream keeps the newest within the
 * entry count and UTF-8 bytes; ids come from the stream and keep growing across resets. Reading shapes and
 * redacts entries as `Journal` does (`shapeJournalEntry`), so nothing secret is ever formatted on the way in.
 */
export class SharedJournal {
  private readonly redactor: Redactor;
  private readonly limits: StreamLimits;
  private readonly stream: string;

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
   * Records an answered request under `id` (from `reserveId`), or under the stream's own id; its id. Entries
   * of processes recording at once may reach the stream out of id order: readers order them by id.
   */
  async record(request: RecordedRequest, sandboxTime: Date, id?: number): Promise<number> {
    const appended = await this.store.append(
      this.namespace,
      this.stream,
      encodeRecord(request, {
        ...(id === undefined ? {} : { id }),
        timeMs: Date.now(),
        sandboxTimeMs: sandboxTime.getTime(),
      }),
      this.limits,
    );
    return id ?? appended;
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
 * An entry's text: its JSON but for the request's and the response's body texts, then a newline, then the two
 * texts as they are. The bodies are most of an entry and are JSON texts themselves: kept out of the JSON, they
 * are neither escaped when recorded nor unescaped when read. (JSON never holds a raw newline: the first one
 * ends it.)
 */
function encodeRecord(
  { bodyText, responseBodyText, ...request }: RecordedRequest,
  times: Omit<StoredRecord, 'request' | 'bodyLength' | 'responseBodyLength'>,
): string {
  const stored: StoredRecord = {
    ...times,
    request,
    bodyLength: bodyText?.length ?? null,
    responseBodyLength: responseBodyText?.length ?? null,
  };
  return `${JSON.stringify(stored)}\n${bodyText ?? ''}${responseBodyText ?? ''}`;
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
