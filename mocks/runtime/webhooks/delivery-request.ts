import { validateHeaderName, validateHeaderValue } from 'node:http';
import { parseWebUrl } from '../web-url';

/** What a provider handler asks the outbox to send. */
export interface DeliveryRequest {
  /** http(s) only; anything else is recorded as a failed delivery (a retry cannot fix it), never thrown. */
  readonly url: string;
  /** The event name shown in the listing, e.g. 'policy.created'. */
  readonly event: string;
  /** An object or array is sent as JSON; a string or Buffer as is. */
  readonly body: unknown;
  /** Default application/json. */
  readonly contentType?: string;
  /**
   * Extra headers (signatures, delivery ids, a User-Agent), computed once from the exact bytes that will be
   * sent and the delivery's id. They may not set Host, Content-Type, Content-Length, Connection or
   * Transfer-Encoding: the outbox sets those.
   */
  readonly sign?: (rawBody: Buffer, delivery: { readonly id: string }) => Readonly<Record<string, string>>;
  /** Seconds to wait before each retry after a failed attempt, e.g. [30, 60, 120]; its length = max retries. */
  readonly retrySchedule: readonly number[];
}

/** A request checked and turned into the bytes and headers every attempt sends. */
export interface PreparedDelivery {
  readonly url: string;
  /** The URL to POST to, or why there is none. */
  readonly target: URL | string;
  readonly event: string;
  readonly rawBody: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly retrySchedule: readonly number[];
}

export const MAX_RETRIES = 20;
export const MAX_RETRY_DELAY_SECONDS = 86_400;
/** How much of a URL too long to use the listing shows. */
const MAX_URL_LENGTH = 2048;
const MAX_EVENT_LENGTH = 200;
const MAX_SIGN_HEADER_BYTES = 8 * 1024;
const RESERVED_HEADERS = new Set([
  'host',
  'content-type',
  'content-length',
  'connection',
  'transfer-encoding',
]);

/** Why a retry schedule is unacceptable, or undefined when it is fine. */
export function retryScheduleProblem(schedule: unknown): string | undefined {
  if (!Array.isArray(schedule)) return 'retrySchedule must be an array of seconds';
  if (schedule.length > MAX_RETRIES) return `retrySchedule allows at most ${MAX_RETRIES} retries`;
  const inRange = (seconds: unknown) =>
    typeof seconds === 'number' &&
    Number.isFinite(seconds) &&
    seconds >= 0 &&
    seconds <= MAX_RETRY_DELAY_SECONDS;
  return schedule.every(inRange)
    ? undefined
    : `retrySchedule entries must be finite seconds from 0 to ${MAX_RETRY_DELAY_SECONDS}`;
}

/** The URL an attempt can POST to, or why the delivery fails without one (the one parser of such URLs). */
export function deliveryTarget(url: string): URL | string {
  const parsed = parseWebUrl(url);
  return parsed.ok ? parsed.url : `the URL ${parsed.problem}`;
}

/**
 * Checks a request and computes what every attempt sends. Throws on what only a provider bug produces (a
 * schedule out of range, a body too large or not serializable, a signing function that throws or returns
 * bad headers): a test finds it at once. A bad URL is not a bug (it comes from a user setting).
 */
export function prepareDelivery(
  request: DeliveryRequest,
  id: string,
  maxBodyBytes: number,
): PreparedDelivery {
  const fail = (message: string): never => {
    throw new Error(`webhook outbox: ${message}`);
  };
  if (typeof request.url !== 'string') fail('url must be a string');
  if (
    typeof request.event !== 'string' ||
    request.event.length === 0 ||
    request.event.length > MAX_EVENT_LENGTH
  )
    fail(`event must be a string of 1 to ${MAX_EVENT_LENGTH} characters`);
  const scheduleProblem = retryScheduleProblem(request.retrySchedule);
  if (scheduleProblem) fail(scheduleProblem);

  const rawBody =
    encodeBody(request.body) ?? fail('the body must be an object, an array, a string or a Buffer');
  if (rawBody.length > maxBodyBytes)
    fail(`the body is ${rawBody.length} bytes, over the ${maxBodyBytes}-byte limit`);

  const target = deliveryTarget(request.url);
  const contentType = request.contentType ?? 'application/json';
  checkHeader('content-type', contentType, fail);
  const signed = request.sign ? signHeaders(request.sign, rawBody, id, fail) : {};
  const headers: Record<string, string> = {
    ...(typeof target === 'string' ? {} : { host: target.host }),
    'user-agent': 'partner-sandbox-webhooks',
    ...signed,
    'content-type': contentType,
    'content-length': String(rawBody.length),
    connection: 'close',
  };
  const url = request.url.length > MAX_URL_LENGTH ? `${request.url.slice(0, MAX_URL_LENGTH)}…` : request.url;
  return { url, target, event: request.event, rawBody, headers, retrySchedule: [...request.retrySchedule] };
}

function encodeBody(body: unknown): Buffer | undefined {
  if (Buffer.isBuffer(body)) return Buffer.from(body);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (typeof body !== 'object' || body === null) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch {
    return undefined;
  }
  return json === undefined ? undefined : Buffer.from(json, 'utf8');
}

function signHeaders(
  sign: NonNullable<DeliveryRequest['sign']>,
  rawBody: Buffer,
  id: string,
  fail: (message: string) => never,
): Record<string, string> {
  let returned: unknown;
  try {
    returned = sign(Buffer.from(rawBody), { id });
  } catch (error) {
    return fail(`the signing function threw: ${(error as Error)?.message ?? String(error)}`);
  }
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned))
    fail('the signing function must return an object of headers');
  const headers: Record<string, string> = {};
  let bytes = 0;
  for (const [name, value] of Object.entries(returned as Record<string, unknown>)) {
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower)) fail(`the signing function may not set ${name}: the outbox sets it`);
    if (typeof value !== 'string') fail(`signed header ${name} must be a string`);
    checkHeader(name, value as string, fail);
    bytes += name.length + (value as string).length;
    headers[lower] = value as string;
  }
  if (bytes > MAX_SIGN_HEADER_BYTES) fail(`the signed headers exceed ${MAX_SIGN_HEADER_BYTES} bytes`);
  return headers;
}

function checkHeader(name: string, value: string, fail: (message: string) => never): void {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
  } catch {
    fail(`header ${JSON.stringify(name)} has a name or value HTTP does not allow`);
  }
}
