import { CaptureError } from './captured-request';
import { looksLikeCurl, parseCurl } from './curl';

describe('parseCurl', () => {
  it('reads the common options of a signed JSON POST', () => {
    const request = parseCurl(
      `curl -X POST 'http://127.0.0.1:4014/x/partners/LLODT/quotes/' \\
        -H 'Date: Wed, 01 May 2024 12:00:00 GMT' \\
        -H "Authorization: Signature keyId=\\"k\\",algorithm=\\"hmac-sha512\\",signature=\\"s%2B\\"" \\
        -H 'Content-Type: application/json' \\
        --data-raw '{"a": "it'\\''s"}'`,
    );
    expect(request).toEqual({
      label: 'curl command',
      method: 'POST',
      origin: 'http://127.0.0.1:4014',
      target: '/x/partners/LLODT/quotes/',
      headers: [
        ['Host', '127.0.0.1:4014'],
        ['Accept', '*/*'],
        ['Date', 'Wed, 01 May 2024 12:00:00 GMT'],
        ['Authorization', 'Signature keyId="k",algorithm="hmac-sha512",signature="s%2B"'],
        ['Content-Type', 'application/json'],
        ['Content-Length', '13'],
      ],
      body: Buffer.from(`{"a": "it's"}`),
    });
  });

  it('sends data as a form unless told otherwise, as curl does, and POSTs it by default', () => {
    const request = parseCurl(`curl http://h/p -d '{"a":1}'`);
    expect(request.method).toBe('POST');
    expect(request.headers).toContainEqual(['Content-Type', 'application/x-www-form-urlencoded']);
  });

  it('joins repeated data with &, --json pieces without, and --json sets JSON headers', () => {
    expect(parseCurl('curl http://h/p -d a=1 --data b=2').body.toString()).toBe('a=1&b=2');
    const json = parseCurl(`curl http://h/p --json '{"a":' --json '1}'`);
    expect(json.body.toString()).toBe('{"a":1}');
    expect(json.headers).toEqual(
      expect.arrayContaining([
        ['Accept', 'application/json'],
        ['Content-Type', 'application/json'],
      ]),
    );
  });

  it('URL-encodes --data-urlencode content', () => {
    expect(
      parseCurl(`curl http://h/p --data-urlencode 'q=a b&c' --data-urlencode '=x/y'`).body.toString(),
    ).toBe('q=a%20b%26c&x%2Fy');
  });

  it('reads bundled short options and values attached to them', () => {
    const request = parseCurl(`curl -sSXPUT -H'X-A: 1' http://h/p -dx=1`);
    expect([request.method, request.headers, request.body.toString()]).toEqual([
      'PUT',
      [
        ['Host', 'h'],
        ['Accept', '*/*'],
        ['X-A', '1'],
        ['Content-Length', '3'],
        ['Content-Type', 'application/x-www-form-urlencoded'],
      ],
      'x=1',
    ]);
  });

  it('turns -u into Basic, -A/-e/-b/--oauth2-bearer into their headers', () => {
    expect(parseCurl(`curl -u 'user:pa ss' http://h/`).headers).toContainEqual([
      'Authorization',
      `Basic ${Buffer.from('user:pa ss').toString('base64')}`,
    ]);
    const request = parseCurl(`curl -A agent -e http://ref -b 'a=1' --oauth2-bearer tok http://h/`);
    expect(request.headers).toEqual(
      expect.arrayContaining([
        ['User-Agent', 'agent'],
        ['Referer', 'http://ref'],
        ['Cookie', 'a=1'],
        ['Authorization', 'Bearer tok'],
      ]),
    );
  });

  it('lets -H replace or remove a header curl adds, and send an empty one with "Name;"', () => {
    const request = parseCurl(`curl http://h/p -H 'Accept:' -H 'Host: other' -H 'X-Empty;'`);
    expect(request.headers).toEqual([
      ['Host', 'other'],
      ['X-Empty', ''],
    ]);
  });

  it('moves data into the query with -G, and -I makes a HEAD', () => {
    const request = parseCurl(`curl -G 'http://h/p?a=1' -d b=2`);
    expect([request.method, request.target, request.body.length]).toEqual(['GET', '/p?a=1&b=2', 0]);
    expect(parseCurl('curl -I http://h/p').method).toBe('HEAD');
  });

  it('reads --url, a URL without scheme, and ignores options that do not change the request', () => {
    const request = parseCurl(
      'curl --silent -o /dev/null -w "%{http_code}" --max-time 5 -k --url h:8080/a%20b',
    );
    expect([request.target, request.headers[0]]).toEqual(['/a%20b', ['Host', 'h:8080']]);
  });

  it('accepts a shell prompt before the command', () => {
    expect(parseCurl('$ curl http://h/p').target).toBe('/p');
  });

  it.each([
    ['no URL', 'curl -X POST'],
    ['two URLs', 'curl http://a/ http://b/'],
    ['an unknown option', 'curl --frobnicate http://h/'],
    ['an unknown short option', 'curl -Z http://h/'],
    ['a multipart form', 'curl -F a=1 http://h/'],
    ['a data file', 'curl -d @body.json http://h/'],
    ['a header file', 'curl -H @headers.txt http://h/'],
    ['a user without password', 'curl -u user http://h/'],
    ['an option without its value', 'curl http://h/ -H'],
    ['a header without colon', 'curl http://h/ -H nocolon'],
    ['a URL of another scheme', 'curl ftp://h/'],
    ['a method that is not a token', `curl -X 'PO ST' http://h/`],
    ['a header value with a line break', `curl -H $'X: a\\nb' http://h/`],
    ['another command', 'wget http://h/'],
  ])('refuses %s with a CaptureError', (_label, text) => {
    expect(() => parseCurl(text)).toThrow(CaptureError);
  });
});

describe('looksLikeCurl', () => {
  it('tells a curl command from other text', () => {
    expect(looksLikeCurl('  curl http://x')).toBe(true);
    expect(looksLikeCurl('curl \\\n http://x')).toBe(true);
    expect(looksLikeCurl('$ curl http://x')).toBe(true);
    expect(looksLikeCurl('curlx http://x')).toBe(false);
    expect(looksLikeCurl('GET / HTTP/1.1')).toBe(false);
  });
});
