import { request as httpRequest } from 'node:http';
import type { ProviderConfig } from '../runtime/config';
import type { FaultInput } from '../runtime/faults';
import type { JournalEntry } from '../runtime/journal';
import type { AnyProviderDefinition } from '../runtime/provider';
import { isFramingReasonCode } from '../runtime/client-errors';
import { reasonCatalogueOf } from '../runtime/reasons';
import { startSandbox, type RunningProvider } from '../runtime/server';
import { headerValue, type CapturedRequest, type Header } from './capture/captured-request';

/** What the provider's pipeline made of one captured request. */
export interface Judgement {
  /** Where the request came from ("curl command", "HAR entry 2"). */
  readonly label: string;
  readonly method: string;
  /** The path and query as the journal shows them (credentials redacted); absent when nothing was journaled. */
  readonly target?: string;
  /** The sandbox clock's time the request was judged at (ISO 8601), and why that time. */
  readonly judgedAt: string;
  readonly judgedAtSource: JudgedAtSource;
  /** Whether the request passed every check the sandbox makes before the provider's handler. */
  readonly accepted: boolean;
  readonly operationId: string | null;
  /** Why it was refused: the status and reason code it was answered with, the code's meaning and fix. */
  readonly refusal?: Refusal;
  /** What the sandbox checked and computed (string to sign, digests, violations, principal), redacted. */
  readonly checked: Readonly<Record<string, unknown>>;
  /** For a path no operation matches: the closest operations. */
  readonly nearMisses?: readonly string[];
}

export interface Refusal {
  readonly status: number;
  readonly reason: string | null;
  readonly meaning?: string;
  readonly fix?: string;
  /** The provider's error body, as the journal shows it (redacted). */
  readonly body?: unknown;
}

export type JudgedAtSource = '--now' | 'Date header' | 'HAR startedDateTime' | 'current time';

export interface JudgeOptions {
  readonly provider: AnyProviderDefinition;
  readonly config: ProviderConfig;
  /** Judge every request at this time rather than at its own. */
  readonly now?: Date;
}

/**
 * A fault on every operation, so a request that passes routing, authentication, authorization, body
 * parsing, spec validation and preconditions is answered right before the provider's handler: the check
 * is of the request, not of state the sandbox does not have (a quote id from the real provider), and
 * nothing is stored.
 */
const BEFORE_THE_HANDLER: FaultInput = {
  probability: 1,
  status: 200,
  body: {},
  delayMs: 0,
  afterCommit: false,
  hold: false,
};

/**
 * Runs each request through the provider's real pipeline, in process: one sandbox on an ephemeral
 * loopback port, reset before each request, its clock frozen at the request's own time (its `Date`
 * header, else its HAR start time, else now) or at `options.now`; the verdict and what was checked come
 * from the journal entry.
 */
export async function judgeRequests(
  requests: readonly CapturedRequest[],
  options: JudgeOptions,
): Promise<Judgement[]> {
  let journaled: () => void = () => undefined;
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    providers: [{ definition: options.provider, port: 0, ...options.config }],
    // The log line is written right after the journal entry: the signal that the entry is there.
    log: () => journaled(),
    drainSeconds: 0,
  });
  try {
    const running = sandbox.providers[0] as RunningProvider;
    const judgements: Judgement[] = [];
    for (const request of requests) {
      const recorded = new Promise<void>((resolve) => (journaled = resolve));
      judgements.push(await judge(running, request, recorded, options));
    }
    return judgements;
  } finally {
    await sandbox.close();
  }
}

async function judge(
  running: RunningProvider,
  request: CapturedRequest,
  recorded: Promise<void>,
  options: JudgeOptions,
): Promise<Judgement> {
  const { sandbox } = running;
  const time = judgedTime(request, options.now);
  sandbox.reset();
  sandbox.clock.freezeAt(time.at);
  sandbox.faults.add(BEFORE_THE_HANDLER);
  const catalogue = reasonCatalogueOf(options.provider);
  const refusalOf = (status: number, reason: string | null, body?: unknown): Refusal => {
    const entry = reason === null ? undefined : catalogue[reason];
    return {
      status,
      reason,
      meaning: entry?.meaning,
      fix: entry?.fix,
      ...(body === undefined ? {} : { body }),
    };
  };
  const judged = { judgedAt: time.at.toISOString(), judgedAtSource: time.source };
  const answer = await send(running.port, request);
  // Refused for its framing, before the pipeline: no journal entry is coming.
  if (answer.reason !== undefined && isFramingReasonCode(options.provider, answer.reason)) {
    const refusal = refusalOf(answer.status, answer.reason);
    const { label, method } = request;
    return { label, method, operationId: null, ...judged, accepted: false, refusal, checked: {} };
  }
  await recorded;
  const entry = sandbox.journal.list().at(-1) as JournalEntry;
  const { fault: probe, ...checked } = entry.checked;
  const accepted = probe !== undefined;
  return {
    label: request.label,
    method: request.method,
    target: entry.query === '' ? entry.path : `${entry.path}?${entry.query}`,
    operationId: entry.operationId,
    ...judged,
    accepted,
    ...(accepted ? {} : { refusal: refusalOf(entry.status, entry.reason, entry.response.body) }),
    checked,
    ...(entry.nearMisses ? { nearMisses: entry.nearMisses } : {}),
  };
}

/** The sandbox time a request is judged at: `--now`, else when it was sent (Date header, HAR start), else now. */
function judgedTime(request: CapturedRequest, now: Date | undefined): { at: Date; source: JudgedAtSource } {
  if (now !== undefined) return { at: now, source: '--now' };
  const date = Date.parse(headerValue(request.headers, 'date') ?? '');
  if (isClockTime(date)) return { at: new Date(date), source: 'Date header' };
  if (request.startedAt !== undefined && isClockTime(request.startedAt.getTime())) {
    return { at: request.startedAt, source: 'HAR startedDateTime' };
  }
  return { at: new Date(), source: 'current time' };
}

/** The years the sandbox clock may be set to (as `POST /__sandbox/clock` allows). */
export function isClockTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms < Date.UTC(10000, 0, 1);
}

/**
 * The header lines as they go out: `Content-Length` is the body's real length (a capture may have been
 * edited, or chunked), where the capture had one or there is a body; `Transfer-Encoding: chunked` and
 * `Expect` go.
 */
function wireHeaders(request: CapturedRequest): Header[] {
  const length = String(request.body.length);
  let framed = false;
  const headers: Header[] = [];
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === 'transfer-encoding' && value.trim().toLowerCase() === 'chunked') continue;
    // A handshake between client and server, not part of the request: the body goes at once.
    if (lower === 'expect') continue;
    if (lower !== 'content-length') headers.push([name, value]);
    else if (!framed) headers.push([name, length]);
    if (lower === 'content-length') framed = true;
  }
  if (!framed && request.body.length > 0) headers.push(['Content-Length', length]);
  return headers;
}

/** Sends the request as captured (its own Host, its header lines in order) and reads the answer's status and reason. */
function send(
  port: number,
  request: CapturedRequest,
): Promise<{ status: number; reason: string | undefined }> {
  return new Promise((resolve, reject) => {
    const client = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.target,
        headers: wireHeaders(request).flat(),
        setHost: false,
        agent: false,
      },
      (response) => {
        const reason = response.headers['x-sandbox-reason'];
        response.resume();
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            reason: typeof reason === 'string' ? reason : undefined,
          }),
        );
      },
    );
    client.on('error', reject);
    client.end(request.body);
  });
}
