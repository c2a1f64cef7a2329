import type Ajv from 'ajv';

/**
 * The JSON Schema `format` of a URL the sandbox will send a browser or a request to (a redirect, a webhook):
 * an absolute `http` or `https` URL as the WHATWG URL standard parses it, port in range (1 to 65535), with no
 * whitespace or control character (which the parser would silently drop). `uri` (RFC 3986) is not enough:
 * it takes `javascript:alert(1)`, and a port of 99999 that no request can use.
 */
export const WEB_URL_FORMAT = 'http-url';

const MAX_LENGTH = 2048;

export type ParsedWebUrl =
  { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly problem: string };

/** Parses `text` once, with the rules browsers and Node's HTTP client use; the one parser of such URLs. */
export function parseWebUrl(text: string): ParsedWebUrl {
  if (text.length > MAX_LENGTH) return { ok: false, problem: `is longer than ${MAX_LENGTH} characters` };
  // The WHATWG parser strips tabs and newlines anywhere ("java\tscript:"): a URL that needs them is not one.
  if (hasSpaceOrControl(text)) return { ok: false, problem: 'has whitespace or a control character' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Also a port out of range: WHATWG refuses anything over 65535.
    return { ok: false, problem: 'does not parse as a URL (or its port is out of range)' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `has the scheme ${url.protocol.replace(/:$/, '')}, not http or https` };
  }
  if (url.port === '0') return { ok: false, problem: 'has port 0' };
  return { ok: true, url };
}

/** Whether `text` has a C0 control character, a space or DEL. */
function hasSpaceOrControl(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Registers the `http-url` format with an Ajv instance (request and response validation, settings). */
export function addWebUrlFormat(ajv: Pick<Ajv, 'addFormat'>): void {
  ajv.addFormat(WEB_URL_FORMAT, { type: 'string', validate: (text: string) => parseWebUrl(text).ok });
}
