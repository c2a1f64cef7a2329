import { CaptureError, type CapturedRequest } from './captured-request';
import { looksLikeCurl, parseCurl } from './curl';
import { parseHar } from './har';
import { looksLikeRawHttp, parseRawHttp } from './raw-http';

export type CaptureFormat = 'raw HTTP' | 'curl' | 'HAR';

export interface Capture {
  readonly format: CaptureFormat;
  readonly requests: readonly CapturedRequest[];
}

/**
 * Reads a capture whatever its format, told apart by how it starts: a HAR file is JSON (`{`), a curl
 * command line starts with `curl`, raw HTTP with a request line. Throws a `CaptureError` for anything else.
 */
export function parseCapture(bytes: Buffer): Capture {
  const withoutBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const text = withoutBom.toString('utf8');
  if (/^\s*\{/.test(text)) return { format: 'HAR', requests: parseHar(jsonOf(text)) };
  if (looksLikeCurl(text)) return { format: 'curl', requests: [parseCurl(text)] };
  if (looksLikeRawHttp(withoutBom.toString('latin1')))
    return { format: 'raw HTTP', requests: [parseRawHttp(withoutBom)] };
  throw new CaptureError(
    'the capture is none of: raw HTTP (a request line "METHOD /path HTTP/1.1", headers, a blank line, the body), a curl command line, a HAR file',
  );
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The parser's message quotes the text, which may carry credentials.
    throw new CaptureError('HAR: the capture starts with "{" but is not valid JSON');
  }
}
