/**
 * A request as captured by a tool (raw HTTP text, a curl command line, a HAR file), in the form the `check`
 * command replays it: the method, the target, the header lines in order and the body's exact bytes.
 */
export interface CapturedRequest {
  /** Where the request came from, for the report: "raw HTTP request", "curl command", "HAR entry 2". */
  readonly label: string;
  readonly method: string;
  /** The request target in origin form: the path and the query, as sent (`/x/partners/P/quotes/?a=1`). */
  readonly target: string;
  /** Header lines in order, names as written; repeated names stay repeated. */
  readonly headers: readonly Header[];
  readonly body: Buffer;
  /** The scheme and authority the request went to (`http://127.0.0.1:4014`), where the capture says it. */
  readonly origin?: string;
  /** When the capturing tool says the request started (a HAR entry's `startedDateTime`). */
  readonly startedAt?: Date;
}

export type Header = readonly [name: string, value: string];

/**
 * A capture that cannot be read as a request; its message is one line for the user. It never quotes the
 * capture's text (which may carry credentials): it says where (line, option, entry) and what was expected.
 */
export class CaptureError extends Error {
  override readonly name = 'CaptureError';
}

/** A capture is one request or a HAR file of a session; anything near this is not a capture. */
export const CAPTURE_LIMIT_BYTES = 32 * 1024 * 1024;
/** At most this many requests are checked from one capture (HAR entries). */
export const MAX_CAPTURED_REQUESTS = 1000;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What Node's HTTP client sends as a header value: Latin-1 without control characters but tab. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** What Node's HTTP client sends as a request target (it refuses spaces and control characters). */
const ORIGIN_FORM = /^\/[\x21-\x7e\x80-\xff]*$/;

/**
 * The request, checked to be one HTTP/1.1 can carry: a token method, an origin-form target, token header
 * names and values without line breaks. Throws a `CaptureError` naming the part that is not.
 */
export function capturedRequest(request: CapturedRequest): CapturedRequest {
  const where = request.label;
  if (!TOKEN.test(request.method)) throw new CaptureError(`${where}: the method is not an HTTP token`);
  if (!ORIGIN_FORM.test(request.target)) {
    throw new CaptureError(
      `${where}: the request target must be a path starting with "/" without spaces or control characters`,
    );
  }
  for (const [index, [name, value]] of request.headers.entries()) {
    if (!TOKEN.test(name))
      throw new CaptureError(`${where}: header ${index + 1} has a name that is not a token`);
    if (!FIELD_VALUE.test(value)) {
      throw new CaptureError(
        `${where}: header ${name} has a line break, a control character or a character beyond Latin-1 in its value`,
      );
    }
  }
  return request;
}

/** The value of the first header of that name (case-insensitive), or undefined. */
export function headerValue(headers: readonly Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([candidate]) => candidate.toLowerCase() === lower)?.[1];
}
