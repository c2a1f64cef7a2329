import { CaptureError, MAX_CAPTURED_REQUESTS } from './captured-request';
import { parseHar } from './har';

const har = (...entries: unknown[]) => ({ log: { version: '1.2', entries } });
const entry = (request: Record<string, unknown>, startedDateTime = '2024-05-01T12:00:00.000Z') => ({
  startedDateTime,
  request: { method: 'GET', url: 'http://h:4014/x/p?a=1', headers: [], ...request },
});

describe('parseHar', () => {
  it('reads every entry’s request in order, with its start time', () => {
    const requests = parseHar(
      har(
        entry({
          headers: [
            { name: 'Host', value: 'h:4014' },
            { name: 'Date', value: 'd' },
          ],
        }),
        entry(
          {
            method: 'POST',
            url: 'http://h/x/q',
            headers: [{ name: 'Content-Type', value: 'application/json' }],
            postData: { mimeType: 'application/json', text: '{"a":1}' },
          },
          '2024-05-01T12:00:05.000Z',
        ),
      ),
    );
    expect(requests).toEqual([
      {
        label: 'HAR entry 1',
        method: 'GET',
        target: '/x/p?a=1',
        headers: [
          ['Host', 'h:4014'],
          ['Date', 'd'],
        ],
        body: Buffer.alloc(0),
        startedAt: new Date('2024-05-01T12:00:00.000Z'),
      },
      {
        label: 'HAR entry 2',
        method: 'POST',
        target: '/x/q',
        headers: [
          ['Host', 'h'],
          ['Content-Type', 'application/json'],
        ],
        body: Buffer.from('{"a":1}'),
        startedAt: new Date('2024-05-01T12:00:05.000Z'),
      },
    ]);
  });

  it('drops HTTP/2 pseudo-headers, taking Host from :authority', () => {
    const [request] = parseHar(
      har(
        entry({
          headers: [
            { name: ':authority', value: 'api.test' },
            { name: ':method', value: 'GET' },
            { name: 'accept', value: '*/*' },
          ],
        }),
      ),
    );
    expect(request?.headers).toEqual([
      ['Host', 'api.test'],
      ['accept', '*/*'],
    ]);
  });

  it('adds Content-Type from postData.mimeType when the headers lack it; reads base64 text and form params', () => {
    const [base64, form] = parseHar(
      har(
        entry({
          method: 'POST',
          postData: {
            mimeType: 'text/plain',
            text: Buffer.from('hé').toString('base64'),
            encoding: 'base64',
          },
        }),
        entry({
          method: 'POST',
          postData: {
            mimeType: 'application/x-www-form-urlencoded',
            params: [{ name: 'a b', value: 'c&d' }, { name: 'e' }],
          },
        }),
      ),
    );
    expect(base64?.body.toString()).toBe('hé');
    expect(base64?.headers).toContainEqual(['Content-Type', 'text/plain']);
    expect(form?.body.toString()).toBe('a+b=c%26d&e=');
  });

  it('leaves out a start time that is not a date', () => {
    const [request] = parseHar(har(entry({}, 'yesterday')));
    expect(request).not.toHaveProperty('startedAt');
  });

  it.each([
    ['no log', {}],
    ['entries that are not a list', { log: { entries: {} } }],
    ['no entries', har()],
    ['an entry without request', har({})],
    ['a relative URL', har(entry({ url: '/x' }))],
    ['a header that is not name and value', har(entry({ headers: [{ name: 'a' }] }))],
    ['headers that are not a list', har(entry({ headers: {} }))],
    ['a method that is not a token', har(entry({ method: 'G T' }))],
    ['too many entries', har(...Array.from({ length: MAX_CAPTURED_REQUESTS + 1 }, () => entry({})))],
  ])('refuses %s with a CaptureError', (_label, json) => {
    expect(() => parseHar(json)).toThrow(CaptureError);
  });
});
