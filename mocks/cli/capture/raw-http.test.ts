import { CaptureError } from './captured-request';
import { looksLikeRawHttp, parseRawHttp } from './raw-http';

const raw = (text: string) => parseRawHttp(Buffer.from(text, 'latin1'));

describe('parseRawHttp', () => {
  it('reads request line, headers in order and the Content-Length body, with CRLF line ends', () => {
    const request = raw(
      'POST /x/quotes/?a=1 HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a: 2\r\nContent-Length: 7\r\n\r\n{"a":1}',
    );
    expect(request).toEqual({
      label: 'raw HTTP request',
      method: 'POST',
      target: '/x/quotes/?a=1',
      headers: [
        ['Host', 'h'],
        ['X-A', '1'],
        ['x-a', '2'],
        ['Content-Length', '7'],
      ],
      body: Buffer.from('{"a":1}'),
    });
  });

  it('reads LF line ends, blank lines before the request line, and no body', () => {
    const request = raw('\n\nGET /ping HTTP/1.1\nHost: h\n\n');
    expect([request.method, request.target, request.headers, request.body.length]).toEqual([
      'GET',
      '/ping',
      [['Host', 'h']],
      0,
    ]);
  });

  it('accepts a capture that ends right after the headers, without the blank line', () => {
    expect(raw('GET /ping HTTP/1.1\nHost: h\n').headers).toEqual([['Host', 'h']]);
  });

  it('takes everything after the blank line as the body when nothing frames it', () => {
    expect(raw('POST /p HTTP/1.1\nHost: h\n\n{"a":\n1}\n').body.toString()).toBe('{"a":\n1}\n');
  });

  it('keeps the body bytes exactly (not UTF-8 decoded and encoded again)', () => {
    const bytes = Buffer.concat([
      Buffer.from('POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n'),
      Buffer.from([0xff, 0x00, 0xc3]),
    ]);
    expect(parseRawHttp(bytes).body).toEqual(Buffer.from([0xff, 0x00, 0xc3]));
  });

  it('ignores line ends an editor added after a Content-Length body', () => {
    expect(raw('POST /p HTTP/1.1\nHost: h\nContent-Length: 2\n\n{}\n').body.toString()).toBe('{}');
  });

  it('decodes a chunked body', () => {
    const request = raw(
      'POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\n{"a"\r\n3\r\n:1}\r\n0\r\n\r\n',
    );
    expect(request.body.toString()).toBe('{"a":1}');
  });

  it('turns an absolute-form target into a path, its authority into Host when there is none', () => {
    const request = raw('GET http://example.test:8080/a/b?c=d HTTP/1.1\n\n');
    expect([request.target, request.headers]).toEqual(['/a/b?c=d', [['Host', 'example.test:8080']]]);
  });

  it('joins an obsolete folded header line with a space', () => {
    expect(raw('GET / HTTP/1.1\nHost: h\nX-Long: a\n  b\n\n').headers).toContainEqual(['X-Long', 'a b']);
  });

  it.each([
    ['a request line without version', 'GET /\nHost: h\n\n'],
    ['a header line without colon', 'GET / HTTP/1.1\nHost h\n\n'],
    ['a header name with a space', 'GET / HTTP/1.1\nBad Name: h\n\n'],
    ['a body shorter than Content-Length', 'POST / HTTP/1.1\nContent-Length: 10\n\nabc'],
    ['bytes beyond Content-Length', 'POST / HTTP/1.1\nContent-Length: 1\n\nabc'],
    ['two different Content-Length', 'POST / HTTP/1.1\nContent-Length: 1\nContent-Length: 2\n\na'],
    ['a Content-Length that is no number', 'POST / HTTP/1.1\nContent-Length: -1\n\n'],
    ['a malformed chunk size', 'POST / HTTP/1.1\nTransfer-Encoding: chunked\n\nzz\r\n'],
    ['a chunk shorter than its size', 'POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n9\r\nab\r\n0\r\n\r\n'],
    ['a relative target', 'GET x/y HTTP/1.1\n\n'],
  ])('refuses %s with a CaptureError', (_label, text) => {
    expect(() => raw(text)).toThrow(CaptureError);
  });

  it('never quotes the capture in its errors (it may carry credentials)', () => {
    const message = errorMessageOf(() => raw('GET / HTTP/1.1\nsecret_value_here\n\n'));
    expect(message).toMatch(/line 2 is not a header line/);
    expect(message).not.toContain('secret_value_here');
  });
});

describe('looksLikeRawHttp', () => {
  it('tells a request line from other text', () => {
    expect(looksLikeRawHttp('\r\nPOST /a HTTP/1.1\r\n')).toBe(true);
    expect(looksLikeRawHttp('curl http://x')).toBe(false);
    expect(looksLikeRawHttp('{"log":{}}')).toBe(false);
  });
});

function errorMessageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}
