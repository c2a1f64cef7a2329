import {
  CaptureError,
  capturedRequest,
  headerValue,
  MAX_CAPTURED_REQUESTS,
  type CapturedRequest,
  type Header,
} from './captured-request';

/**
 * The requests of a HAR file (HTTP Archive 1.2, what browsers' developer tools and proxies export), one
 * per entry, in order. HTTP/2 pseudo-headers (`:authority`, ...) are dropped, `Host` coming from
 * `:authority` or the URL when the entry has none; the body is `postData.text` (base64 when `encoding`
 * says so, as some tools write it), or the URL-encoded `postData.params` of a form without text; the
 * entry's `startedDateTime` is when the request started.
 */
export function parseHar(json: unknown): CapturedRequest[] {
  const entries = fieldOf(fieldOf(json, 'log'), 'entries');
  if (!Array.isArray(entries)) throw new CaptureError('HAR: log.entries is not a list');
  if (entries.length === 0) throw new CaptureError('HAR: log.entries is empty');
  if (entries.length > MAX_CAPTURED_REQUESTS) {
    throw new CaptureError(
      `HAR: ${entries.length} entries; at most ${MAX_CAPTURED_REQUESTS} are checked at once`,
    );
  }
  return entries.map((entry, index) => harRequest(entry, `HAR entry ${index + 1}`));
}

function harRequest(entry: unknown, label: string): CapturedRequest {
  const request = fieldOf(entry, 'request');
  const method = stringField(request, 'method', label);
  let url: URL;
  try {
    url = new URL(stringField(request, 'url', label));
  } catch {
    throw new CaptureError(`${label}: request.url is not an absolute URL`);
  }
  const listed = fieldOf(request, 'headers') ?? [];
  if (!Array.isArray(listed)) throw new CaptureError(`${label}: request.headers is not a list`);
  const all: Header[] = listed.map((header, index) => [
    stringField(header, 'name', `${label}, header ${index + 1}`),
    stringField(header, 'value', `${label}, header ${index + 1}`),
  ]);
  const headers = all.filter(([name]) => !name.startsWith(':'));
  if (headerValue(headers, 'host') === undefined)
    headers.unshift(['Host', headerValue(all, ':authority') ?? url.host]);
  const postData = fieldOf(request, 'postData');
  const body = postData === undefined ? Buffer.alloc(0) : bodyOf(postData, label);
  const mimeType = fieldOf(postData, 'mimeType');
  if (
    body.length > 0 &&
    typeof mimeType === 'string' &&
    mimeType !== '' &&
    headerValue(headers, 'content-type') === undefined
  ) {
    headers.push(['Content-Type', mimeType]);
  }
  const started = fieldOf(entry, 'startedDateTime');
  const startedAt = typeof started === 'string' ? new Date(started) : undefined;
  return capturedRequest({
    label,
    method,
    target: `${url.pathname}${url.search}`,
    headers,
    body,
    ...(startedAt !== undefined && !Number.isNaN(startedAt.getTime()) ? { startedAt } : {}),
  });
}

function bodyOf(postData: unknown, label: string): Buffer {
  const text = fieldOf(postData, 'text');
  if (typeof text === 'string') {
    return Buffer.from(text, fieldOf(postData, 'encoding') === 'base64' ? 'base64' : 'utf8');
  }
  const params = fieldOf(postData, 'params');
  if (!Array.isArray(params)) return Buffer.alloc(0);
  const form = new URLSearchParams();
  for (const [index, param] of params.entries()) {
    const where = `${label}, postData.params ${index + 1}`;
    form.append(
      stringField(param, 'name', where),
      typeof fieldOf(param, 'value') === 'string' ? stringField(param, 'value', where) : '',
    );
  }
  return Buffer.from(form.toString(), 'utf8');
}

/** An own field of an object, or undefined (for anything that is not an object). */
function fieldOf(value: unknown, field: string): unknown {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, field)) return undefined;
  return (value as Record<string, unknown>)[field];
}

function stringField(value: unknown, field: string, where: string): string {
  const found = fieldOf(value, field);
  if (typeof found !== 'string') throw new CaptureError(`${where}: ${field} is not a string`);
  return found;
}
