import { CaptureError, capturedRequest, type CapturedRequest, type Header } from './captured-request';
import { splitShellWords } from './shell-words';

const LABEL = 'curl command';

/** Whether the text is a curl command line (`curl …`, blank lines and a `$ ` prompt before it allowed). */
export function looksLikeCurl(text: string): boolean {
  return /^\s*(?:\$\s+)?curl(?:\s|\\|$)/.test(text);
}

/** How curl joins repeated data options: `-d a -d b` sends `a&b`; `--json` pieces are concatenated. */
interface DataPiece {
  readonly text: string;
  readonly json: boolean;
}

/** Options that change nothing in the request sent (output, progress, TLS, timeouts), and whether they take a value. */
const IGNORED: Readonly<Record<string, boolean>> = {
  silent: false,
  'show-error': false,
  verbose: false,
  include: false,
  insecure: false,
  location: false,
  'location-trusted': false,
  fail: false,
  'fail-with-body': false,
  'no-buffer': false,
  compressed: false,
  globoff: false,
  'http1.1': false,
  http2: false,
  'http2-prior-knowledge': false,
  'no-progress-meter': false,
  'progress-bar': false,
  'path-as-is': false,
  'no-keepalive': false,
  'tcp-nodelay': false,
  raw: false,
  ipv4: false,
  ipv6: false,
  output: true,
  'write-out': true,
  'max-time': true,
  'connect-timeout': true,
  proxy: true,
  cacert: true,
  capath: true,
  cert: true,
  key: true,
  resolve: true,
  'connect-to': true,
  'cookie-jar': true,
  'dump-header': true,
  retry: true,
  'retry-delay': true,
  'retry-max-time': true,
  'max-redirs': true,
  'limit-rate': true,
  stderr: true,
  trace: true,
  'trace-ascii': true,
  interface: true,
};

/** Options that describe a request `check` cannot rebuild: what to do instead. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  form: 'multipart bodies (-F/--form) are not supported: capture the request as raw HTTP or HAR',
  'upload-file': 'uploads (-T/--upload-file) are not supported: capture the request as raw HTTP or HAR',
  config: 'a curl config file (-K/--config) is not read: paste the options themselves',
  next: 'more than one request (--next) is not supported: check one at a time',
};

const SHORT: Readonly<Record<string, string>> = {
  X: 'request',
  H: 'header',
  d: 'data',
  u: 'user',
  A: 'user-agent',
  e: 'referer',
  b: 'cookie',
  G: 'get',
  I: 'head',
  s: 'silent',
  S: 'show-error',
  v: 'verbose',
  i: 'include',
  k: 'insecure',
  L: 'location',
  f: 'fail',
  N: 'no-buffer',
  g: 'globoff',
  o: 'output',
  w: 'write-out',
  m: 'max-time',
  x: 'proxy',
  E: 'cert',
  c: 'cookie-jar',
  D: 'dump-header',
  F: 'form',
  T: 'upload-file',
  K: 'config',
  ':': 'next',
};

/** Options that build the request, and whether they take a value. */
const REQUEST_OPTIONS: Readonly<Record<string, boolean>> = {
  request: true,
  header: true,
  data: true,
  'data-raw': true,
  'data-binary': true,
  'data-ascii': true,
  'data-urlencode': true,
  json: true,
  user: true,
  'user-agent': true,
  referer: true,
  cookie: true,
  'oauth2-bearer': true,
  url: true,
  get: false,
  head: false,
};

function takesValue(option: string): boolean {
  return REQUEST_OPTIONS[option] ?? IGNORED[option] ?? false;
}

/**
 * Parses a curl command line into the request curl would send: `-X/--request`, `-H/--header` (`Name:`
 * removes a header curl adds, `Name;` sends it empty), the data options (`-d/--data`, `--data-raw`,
 * `--data-binary`, `--data-ascii`, `--data-urlencode`, `--json`; repeated ones joined with `&`), `-u/--user`
 * (Basic), `-A`, `-e`, `-b name=value`, `--oauth2-bearer`, `-G/--get`, `-I/--head`, `--url` or the URL as an
 * argument, short options bundled (`-sSX POST`). Curl's own headers are added as curl adds them: `Host`,
 * `Accept: *\/*`, and with data `Content-Type: application/x-www-form-urlencoded` (the default that makes a
 * JSON body without `-H 'Content-Type: application/json'` a form) and `Content-Length`.
 */
export function parseCurl(text: string): CapturedRequest {
  return parseCurlWords(splitShellWords(text.replace(/^\s*\$\s+/, ''), LABEL));
}

/** The same, from the command's words as a shell has already split them (`sign -- curl ...`). */
export function parseCurlWords(words: readonly string[]): CapturedRequest {
  if (words[0] !== 'curl') throw new CaptureError(`${LABEL}: the command is not curl`);
  let method: string | undefined;
  let url: string | undefined;
  let get = false;
  let head = false;
  const custom: Header[] = [];
  const removed = new Set<string>();
  const data: DataPiece[] = [];
  let basic: string | undefined;

  const apply = (option: string, value: string) => {
    switch (option) {
      case 'request':
        method = value;
        break;
      case 'header':
        customHeader(value, custom, removed);
        break;
      case 'data':
      case 'data-ascii':
      case 'data-binary':
        if (value.startsWith('@'))
          throw new CaptureError(
            `${LABEL}: --${option} @file reads a file check cannot see: put the body in the command (--data-raw)`,
          );
        data.push({ text: value, json: false });
        break;
      case 'data-raw':
        data.push({ text: value, json: false });
        break;
      case 'data-urlencode':
        data.push({ text: urlEncodedData(value), json: false });
        break;
      case 'json':
        if (value.startsWith('@'))
          throw new CaptureError(
            `${LABEL}: --json @file reads a file check cannot see: put the body in the command`,
          );
        data.push({ text: value, json: true });
        break;
      case 'user':
        if (!value.includes(':'))
          throw new CaptureError(
            `${LABEL}: -u without ":password" makes curl prompt for it: give user:password`,
          );
        basic = Buffer.from(value, 'utf8').toString('base64');
        break;
      case 'user-agent':
        custom.push(['User-Agent', value]);
        break;
      case 'referer':
        custom.push(['Referer', value]);
        break;
      case 'cookie':
        if (!value.includes('='))
          throw new CaptureError(
            `${LABEL}: -b names a cookie file check cannot see: give the cookies as name=value`,
          );
        custom.push(['Cookie', value]);
        break;
      case 'oauth2-bearer':
        custom.push(['Authorization', `Bearer ${value}`]);
        break;
      case 'url':
        if (url !== undefined)
          throw new CaptureError(`${LABEL}: more than one URL: check one request at a time`);
        url = value;
        break;
      case 'get':
        get = true;
        break;
      case 'head':
        head = true;
        break;
    }
  };

  for (let index = 1; index < words.length; index++) {
    const word = words[index] as string;
    const options = optionsOf(word);
    if (options === undefined) {
      apply('url', word);
      continue;
    }
    for (const [position, option] of options.entries()) {
      const unsupported = UNSUPPORTED[option];
      if (unsupported !== undefined) throw new CaptureError(`${LABEL}: ${unsupported}`);
      if (!(option in REQUEST_OPTIONS) && !(option in IGNORED)) {
        throw new CaptureError(`${LABEL}: unknown or unsupported option --${option}`);
      }
      if (!takesValue(option)) {
        apply(option, '');
        continue;
      }
      // A short option's value may follow it in the same word (`-XPOST`, `-sSd@x`).
      const attached = word.startsWith('--') ? undefined : attachedValue(word, position);
      const value = attached ?? words[++index];
      if (value === undefined) throw new CaptureError(`${LABEL}: option --${option} needs a value`);
      if (REQUEST_OPTIONS[option] !== undefined) apply(option, value);
    }
  }
  if (url === undefined) throw new CaptureError(`${LABEL}: no URL`);
  return built({ method, url, get, head, custom, removed, data, basic });
}

/** The long names a word stands for (`--header` -> header; `-sSX` -> silent, show-error, request), or undefined for an argument. */
function optionsOf(word: string): string[] | undefined {
  if (word.startsWith('--') && word.length > 2) return [word.slice(2)];
  if (!word.startsWith('-') || word.length === 1) return undefined;
  const options: string[] = [];
  for (const letter of word.slice(1)) {
    const option = SHORT[letter];
    if (option === undefined) throw new CaptureError(`${LABEL}: unknown or unsupported option -${letter}`);
    options.push(option);
    if (takesValue(option)) break;
  }
  return options;
}

/** The rest of a bundled short-option word after the option at `position` (`-XPOST` -> "POST"). */
function attachedValue(word: string, position: number): string | undefined {
  const rest = word.slice(2 + position);
  return rest === '' ? undefined : rest;
}

function customHeader(value: string, custom: Header[], removed: Set<string>): void {
  if (value.startsWith('@'))
    throw new CaptureError(`${LABEL}: -H @file reads a file check cannot see: give the headers themselves`);
  const colon = value.indexOf(':');
  const semicolon = value.indexOf(';');
  if (colon === -1 && semicolon > 0 && value.slice(semicolon + 1).trim() === '') {
    custom.push([value.slice(0, semicolon).trim(), '']);
    return;
  }
  if (colon <= 0) throw new CaptureError(`${LABEL}: a -H value is not "Name: value"`);
  const name = value.slice(0, colon).trim();
  const headerValue = value.slice(colon + 1).trim();
  if (headerValue === '') removed.add(name.toLowerCase());
  else custom.push([name, headerValue]);
}

/** `--data-urlencode`: `content`, `=content`, `name=content` (the content URL-encoded, as curl does). */
function urlEncodedData(value: string): string {
  if (value.includes('@') && !value.includes('=')) {
    throw new CaptureError(`${LABEL}: --data-urlencode @file reads a file check cannot see`);
  }
  const equals = value.indexOf('=');
  if (equals === -1) return encodeURIComponent(value);
  const name = value.slice(0, equals);
  const encoded = encodeURIComponent(value.slice(equals + 1));
  return name === '' ? encoded : `${name}=${encoded}`;
}

interface CurlRequest {
  readonly method: string | undefined;
  readonly url: string;
  readonly get: boolean;
  readonly head: boolean;
  readonly custom: readonly Header[];
  readonly removed: ReadonlySet<string>;
  readonly data: readonly DataPiece[];
  readonly basic: string | undefined;
}

function built(curl: CurlRequest): CapturedRequest {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(curl.url) ? curl.url : `http://${curl.url}`);
  } catch {
    throw new CaptureError(`${LABEL}: the URL does not parse`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CaptureError(`${LABEL}: the URL is not http or https`);
  const dataText = curl.data.reduce(
    (joined, piece, index) => (index === 0 ? piece.text : `${joined}${piece.json ? '' : '&'}${piece.text}`),
    '',
  );
  const hasData = curl.data.length > 0;
  const inQuery = hasData && curl.get;
  const path = url.pathname;
  const query = inQuery ? `${url.search === '' ? '?' : `${url.search}&`}${dataText}` : url.search;
  const method = curl.method ?? (curl.head ? 'HEAD' : hasData && !curl.get ? 'POST' : 'GET');
  const json = curl.data.some((piece) => piece.json);

  const given = new Set(curl.custom.map(([name]) => name.toLowerCase()));
  const headers: Header[] = [];
  const add = (name: string, value: string) => {
    const lower = name.toLowerCase();
    if (!given.has(lower) && !curl.removed.has(lower)) headers.push([name, value]);
  };
  add('Host', url.host);
  if (curl.basic !== undefined) add('Authorization', `Basic ${curl.basic}`);
  add('Accept', json ? 'application/json' : '*/*');
  headers.push(...curl.custom.filter(([name]) => !curl.removed.has(name.toLowerCase())));
  if (hasData && !inQuery) {
    add('Content-Length', String(Buffer.byteLength(dataText)));
    add('Content-Type', json ? 'application/json' : 'application/x-www-form-urlencoded');
  }
  return capturedRequest({
    label: LABEL,
    method,
    origin: url.origin,
    target: `${path}${query}`,
    headers,
    body: hasData && !inQuery ? Buffer.from(dataText, 'utf8') : Buffer.alloc(0),
  });
}
