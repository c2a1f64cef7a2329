import type { Request, Response } from 'express';
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
  readonly req: Request;
  readonly res: Response;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly trace: Trace;
  /** The sandbox clock's time when the request arrived. */
  readonly now: Date;
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
