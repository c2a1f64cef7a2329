import { CaptureError } from './captured-request';
import { parseCapture } from './detect';

describe('parseCapture', () => {
  it('tells the three formats apart by how they start', () => {
    const http = parseCapture(Buffer.from('GET /p HTTP/1.1\r\nHost: h\r\n\r\n'));
    const curl = parseCapture(Buffer.from('\n  curl http://h/p\n'));
    const har = parseCapture(
      Buffer.from(
        JSON.stringify({
          log: { entries: [{ request: { method: 'GET', url: 'http://h/p', headers: [] } }] },
        }),
      ),
    );
    expect([http.format, curl.format, har.format]).toEqual(['raw HTTP', 'curl', 'HAR']);
    for (const capture of [http, curl, har]) expect(capture.requests[0]?.target).toBe('/p');
  });

  it('skips a UTF-8 byte order mark', () => {
    const capture = parseCapture(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('GET /p HTTP/1.1\n\n')]),
    );
    expect(capture.format).toBe('raw HTTP');
  });

  it('refuses JSON that does not parse without quoting it', () => {
    expect(() => parseCapture(Buffer.from('{"log": "secret_value'))).toThrow(
      new CaptureError('HAR: the capture starts with "{" but is not valid JSON'),
    );
  });

  it('refuses anything else, saying what it accepts', () => {
    expect(() => parseCapture(Buffer.from('hello'))).toThrow(
      /none of: raw HTTP .*, a curl command line, a HAR file/,
    );
    expect(() => parseCapture(Buffer.alloc(0))).toThrow(CaptureError);
  });
});
