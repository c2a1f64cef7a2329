import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../provider';
import type { BodyKind, SpecOperation } from '../spec';

/** What the journal and the log learn about a request while it is handled. */
export interface Trace {
  operation: SpecOperation | null;
  /** The body answered, kept only when responses are checked against the spec. */
  responseBody?: unknown;
  reason: string | null;
  /** The request body's text for the journal (bounded), once read. */
  bodyText: string | undefined;
  /** The response body's text for the journal (bounded). */
  responseText?: string;
  /** For a path no operation matches: the closest operations, as "METHOD /path". */
  nearMisses?: string[];
  /** The client went away mid-request: nothing was answered, nothing is journaled. */
  aborted?: boolean;
  /** A fault broke the answer's connection on purpose: it is journaled all the same. */
  brokenByFault?: boolean;
  checked: Record<string, unknown>;
  /** The journal id reserved when the answer was written (its `X-Sandbox-Journal` names it). */
  journalId?: number;
  /** With a shared store: the id of the request's entry in the store's journal (what `X-Sandbox-Journal` names). */
  sharedJournalId?: number;
}

/** The operation a request matched, with its decoded path parameters and the base path it came under. */
export interface Matched {
  readonly operation: SpecOperation;
  readonly params: Record<string, string>;
  readonly basePath: string;
  /** The request path under the base path, as the spec's templates are written. */
  readonly relativePath: string;
}

/**
 * One request on its way through the pipeline: what came in, and the typed values each step adds for the
 * next (the match, the raw body, the caller, the parsed body), as hono's context carries per-request
 * values. A step that needs a value an earlier step sets finds it set.
 */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly trace: Trace;
  /** The sandbox clock's time when the request arrived (on a shared store: as its begin step read it). */
  now: Date;
  matched?: Matched;
  rawBody?: Buffer;
  principal?: Principal;
  body?: unknown;
  /** How the body was read: parsed (JSON, form) or left as raw bytes (`rawBody`), by its media type. */
  bodyKind?: BodyKind;
  /** The schema of the media type the body came in. */
  bodySchemaPointer?: string;
}

/** The match, for steps that run after routing. */
export function matchedOf(exchange: Exchange): Matched {
  if (!exchange.matched) throw new Error('pipeline step ran before routing');
  return exchange.matched;
}

export function queryStringOf(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? '' : url.slice(index + 1);
}

/**
 * URLs the pipeline leaves to Express: one naming the control surface (Express matches its mount without regard
 * to case), or one with a character that makes Express's parser (parseurl) hand it to Node's legacy
 * `url.parse`, which reads it differently (whitespace, `#`).
 */
const LEFT_TO_EXPRESS = /__sandbox|[\t\n\f\r #\u00a0\ufeff]/i;

/**
 * The path of a provider request's URL, exactly as Express's `req.path` reads it (parseurl's fast path: an
 * origin-form URL up to its `?`); undefined for a URL left to Express (see LEFT_TO_EXPRESS, and any URL not
 * starting with `/`), which then serves it as it serves every request it gets.
 */
export function pipelinePath(url: string): string | undefined {
  if (url.charCodeAt(0) !== 0x2f || LEFT_TO_EXPRESS.test(url)) return undefined;
  const index = url.indexOf('?');
  return index === -1 ? url : url.slice(0, index);
}
