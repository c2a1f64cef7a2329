import {
  CaptureError,
  capturedRequest,
  headerValue,
  type CapturedRequest,
  type Header,
} from './captured-request';

const LABEL = 'raw HTTP request';
const REQUEST_LINE = /^(\S+) (\S+) HTTP\/(\d)\.(\d)$/;

/** Whether the text starts with an HTTP/1.x request line (blank lines before it are allowed, as RFC 9112 says). */
export function looksLikeRawHttp(text: string): boolean {
  const firstLine = text.replace(/^(?:\r?\n)+/, '').split(/\r?\n/, 1)[0] ?? '';
  return REQUEST_LINE.test(firstLine);
}

/**
 * Parses a request as it went over the wire: request line, header lines, a blank line, the body. Lines end
 * in CRLF or LF. The body is framed as a server frames it: `Content-Length` bytes, or the decoded chunks of
 * `Transfer-Encoding: chunked`; without either, everything after the blank line (a hand-written capture
 * rarely counts its bytes). An absolute-form target (`POST http://host/path HTTP/1.1`, as sent to a proxy)
 * gives its path, and its authority as `Host` when there is none.
 */
export function parseRawHttp(bytes: Buffer): CapturedRequest {
  // Latin-1 maps each byte to one character, so offsets in the text are offsets in the bytes.
  const text = bytes.toString('latin1');
  const start = /^(?:\r?\n)*/.exec(text)?.[0].length ?? 0;
  const end = /\r?\n\r?\n/.exec(text.slice(start));
  const headEnd = end === null ? text.length : start + end.index;
  const bodyStart = end === null ? text.length : headEnd + end[0].length;
  const lines = text
    .slice(start, headEnd)
    .replace(/\r?\n$/, '')
    .split(/\r?\n/);
  const requestLine = REQUEST_LINE.exec(lines[0] ?? '');
  if (requestLine === null) {
    throw new CaptureError(`${LABEL}: the first line is not a request line ("METHOD /path HTTP/1.1")`);
  }
  const [, method, rawTarget] = requestLine as unknown as [string, string, string];
  const headers = headerLines(lines.slice(1));
  const { target, host } = originForm(rawTarget);
  if (host !== undefined && headerValue(headers, 'host') === undefined) headers.unshift(['Host', host]);
  const body = framedBody(bytes.subarray(bodyStart), headers);
  return capturedRequest({ label: LABEL, method, target, headers, body });
}

function headerLines(lines: readonly string[]): Header[] {
  const headers: [string, string][] = [];
  for (const [index, line] of lines.entries()) {
    const previous = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && previous !== undefined) {
      // An obsolete line folding (RFC 9112 §5.2): the continuation joins the value with one space.
      previous[1] = `${previous[1]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new CaptureError(`${LABEL}: line ${index + 2} is not a header line ("Name: value")`);
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return headers;
}

function originForm(target: string): { target: string; host?: string } {
  if (target.startsWith('/')) return { target };
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new CaptureError(`${LABEL}: the request target is neither a path nor an absolute URL`);
  }
  return { target: `${url.pathname}${url.search}`, host: url.host };
}

function framedBody(rest: Buffer, headers: readonly Header[]): Buffer {
  const encoding = headerValue(headers, 'transfer-encoding');
  if (encoding !== undefined && encoding.trim().toLowerCase() === 'chunked') return dechunked(rest);
  const lengths = headers
    .filter(([name]) => name.toLowerCase() === 'content-length')
    .map(([, value]) => value);
  if (lengths.length === 0) return rest;
  const declared = lengths[0] as string;
  if (!/^\d{1,10}$/.test(declared) || lengths.some((value) => value !== declared)) {
    throw new CaptureError(`${LABEL}: Content-Length is not one decimal number`);
  }
  const length = Number(declared);
  if (rest.length < length) {
    throw new CaptureError(
      `${LABEL}: the body has ${rest.length} bytes but Content-Length says ${length} (is the capture cut short?)`,
    );
  }
  if (!/^[\r\n]*$/.test(rest.toString('latin1', length))) {
    throw new CaptureError(
      `${LABEL}: ${rest.length - length} bytes follow the ${length} bytes Content-Length announces (a second request, or an edited body?)`,
    );
  }
  return rest.subarray(0, length);
}

/** The body of a chunked message: each `size[;ext]` line, that many bytes, a line end; a 0 size ends it. */
function dechunked(rest: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = rest.indexOf('\n', offset);
    const sizeLine = rest.toString('latin1', offset, lineEnd === -1 ? rest.length : lineEnd);
    const size = /^([0-9A-Fa-f]{1,8})(?:;[^\r\n]*)?\r?$/.exec(sizeLine);
    if (lineEnd === -1 || size === null)
      throw new CaptureError(`${LABEL}: a chunk size line of the chunked body is malformed`);
    const length = parseInt(size[1] as string, 16);
    if (length === 0) return Buffer.concat(chunks);
    const dataStart = lineEnd + 1;
    const dataEnd = dataStart + length;
    const after = rest.toString('latin1', dataEnd, dataEnd + 2);
    if (dataEnd > rest.length || !(after === '\r\n' || after.startsWith('\n'))) {
      throw new CaptureError(`${LABEL}: a chunk of the chunked body is shorter than its size line says`);
    }
    chunks.push(rest.subarray(dataStart, dataEnd));
    offset = dataEnd + (after === '\r\n' ? 2 : 1);
  }
}
