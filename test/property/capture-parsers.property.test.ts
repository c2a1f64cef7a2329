/**
 * Properties of the parsers of `partner-sandbox check`: whatever a user feeds them, they answer with a
 * request or a clear `CaptureError`, never another exception; and a request written out in a format
 * (a curl line quoted any way a shell allows, raw HTTP, HAR) reads back as the parts it was built from.
 */
import fc from 'fast-check';
import { CaptureError } from '../../mocks/cli/capture/captured-request';
import { parseCurl } from '../../mocks/cli/capture/curl';
import { parseCapture } from '../../mocks/cli/capture/detect';
import { parseHar } from '../../mocks/cli/capture/har';
import { parseRawHttp } from '../../mocks/cli/capture/raw-http';
import { splitShellWords } from '../../mocks/cli/capture/shell-words';

/** Runs `parse`; anything thrown must be a CaptureError with a one-line message. */
function onlyCaptureErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(CaptureError);
    expect((error as Error).message).not.toMatch(/\n/);
  }
}

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
// Not `.` or `..`, which a URL resolves away.
const pathSegment = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/);
/** A host name as a URL keeps it (lower case). */
const hostName = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const target = fc
  .tuple(fc.array(pathSegment, { maxLength: 4 }), fc.option(fc.stringMatching(/^[a-z]=[A-Za-z0-9]{0,6}$/)))
  .map(([segments, query]) => `/${segments.join('/')}${query === null ? '' : `?${query}`}`);
/** A header value as HTTP carries it: visible ASCII with inner spaces, no blanks at either end. */
const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,30}[\x21-\x7e])?$/);
const headers = fc.uniqueArray(
  fc.tuple(
    token.map((name) => `X-${name}`),
    headerValue,
  ),
  {
    maxLength: 5,
    selector: ([name]) => name.toLowerCase(),
  },
);
const body = fc.string({ unit: 'binary', maxLength: 64 });

/** One word written for a POSIX shell in one of the ways it reads back as the word. */
function quoted(word: string, style: number): string {
  switch (style) {
    case 0:
      return `'${word.replace(/'/g, `'\\''`)}'`;
    case 1:
      return `"${word.replace(/["$`\\]/g, '\\$&')}"`;
    case 2:
      return `$'${[...word].map((char) => (/[\\'\n\r\t]/.test(char) ? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}` : char)).join('')}'`;
    default:
      return word === '' ? "''" : [...word].map((char) => (char === '\n' ? `'\n'` : `\\${char}`)).join('');
  }
}

describe('capture parsers never throw anything but a CaptureError', () => {
  it('parseCapture on arbitrary text, and on text that starts like each format', () => {
    const text = fc.string({ unit: 'binary', maxLength: 200 });
    const start = fc.constantFrom(
      '',
      'curl ',
      '$ curl -X ',
      'POST / HTTP/1.1\r\n',
      'GET /a HTTP/1.1\n',
      '{',
      '{"log":',
    );
    fc.assert(
      fc.property(start, text, (prefix, rest) =>
        onlyCaptureErrors(() => parseCapture(Buffer.from(prefix + rest))),
      ),
    );
  });

  it('parseRawHttp on arbitrary bytes after a request line', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) =>
        onlyCaptureErrors(() =>
          parseRawHttp(Buffer.concat([Buffer.from('POST /p HTTP/1.1\r\n'), Buffer.from(bytes)])),
        ),
      ),
    );
  });

  it('parseCurl and splitShellWords on arbitrary text after curl', () => {
    const text = fc.string({
      unit: fc.constantFrom(...` -'"\\$\`\n\r\t#|;aHXd:@=/{}`.split('')),
      maxLength: 60,
    });
    fc.assert(
      fc.property(text, (rest) => {
        onlyCaptureErrors(() => splitShellWords(rest, 'curl command'));
        onlyCaptureErrors(() => parseCurl(`curl ${rest}`));
        onlyCaptureErrors(() => parseCurl(`curl http://h/ ${rest}`));
      }),
    );
  });

  it('parseHar on any JSON value, and on HAR-shaped values with any fields', () => {
    const anyRequest = fc.record(
      { method: fc.jsonValue(), url: fc.jsonValue(), headers: fc.jsonValue(), postData: fc.jsonValue() },
      { requiredKeys: [] },
    );
    const shaped = fc.array(
      fc.record({ startedDateTime: fc.jsonValue(), request: anyRequest }, { requiredKeys: [] }),
      { maxLength: 3 },
    );
    fc.assert(fc.property(fc.jsonValue(), (value) => onlyCaptureErrors(() => parseHar(value))));
    fc.assert(fc.property(shaped, (entries) => onlyCaptureErrors(() => parseHar({ log: { entries } }))));
  });
});

describe('a request written out reads back as its parts', () => {
  it('a curl line, each word quoted any way a shell allows, parts on continued lines', () => {
    const styles = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 12, maxLength: 12 });
    fc.assert(
      fc.property(method, hostName, target, headers, body, styles, (verb, host, path, sent, data, style) => {
        const words = [
          ['-X', verb],
          [`--url`, `http://${host}.test:8080${path}`],
          ...sent.map(([name, value]) => ['-H', `${name}: ${value}`]),
          ['--data-raw', data],
        ];
        const line = words
          .map(
            ([option, value], index) =>
              `${option} ${quoted(value as string, style[index % style.length] as number)}`,
          )
          .join(' \\\n  ');
        const request = parseCurl(`curl ${line}`);
        expect(request.method).toBe(verb);
        expect(request.target).toBe(path);
        expect(request.headers[0]).toEqual(['Host', `${host}.test:8080`]);
        for (const header of sent) expect(request.headers).toContainEqual(header);
        expect(request.body).toEqual(Buffer.from(data, 'utf8'));
      }),
    );
  });

  it('raw HTTP with CRLF or LF line ends', () => {
    fc.assert(
      fc.property(
        method,
        target,
        headers,
        fc.uint8Array({ maxLength: 64 }),
        fc.boolean(),
        (verb, path, sent, bytes, crlf) => {
          const end = crlf ? '\r\n' : '\n';
          const head = [
            `${verb} ${path} HTTP/1.1`,
            'Host: h',
            ...sent.map(([name, value]) => `${name}: ${value}`),
            `Content-Length: ${bytes.length}`,
          ];
          const request = parseRawHttp(
            Buffer.concat([Buffer.from(`${head.join(end)}${end}${end}`), Buffer.from(bytes)]),
          );
          expect([request.method, request.target]).toEqual([verb, path]);
          expect(request.headers).toEqual([['Host', 'h'], ...sent, ['Content-Length', String(bytes.length)]]);
          expect(request.body).toEqual(Buffer.from(bytes));
        },
      ),
    );
  });

  it('a HAR entry', () => {
    fc.assert(
      fc.property(method, target, headers, body, (verb, path, sent, text) => {
        const entry = {
          request: {
            method: verb,
            url: `https://h.test${path}`,
            headers: sent.map(([name, value]) => ({ name, value })),
            postData: { mimeType: 'text/plain', text },
          },
        };
        const [request] = parseHar({ log: { entries: [entry] } });
        expect([request?.method, request?.target]).toEqual([verb, path]);
        expect(request?.headers.slice(1, sent.length + 1)).toEqual(sent);
        expect(request?.body).toEqual(Buffer.from(text, 'utf8'));
      }),
    );
  });
});
