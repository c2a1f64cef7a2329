import type { RecordedRequest } from './journal';
import { Journal, REDACTED, redactHeaders } from './journal';

const SENSITIVE = new Set(['authorization', 'x-api-key']);

function request(overrides: Partial<RecordedRequest> = {}): RecordedRequest {
  return {
    timeMs: Date.parse('2024-05-06T07:08:09.123Z'),
    method: 'POST',
    path: '/toy/widgets/',
    query: '',
    operationId: 'createWidget',
    status: 201,
    reason: null,
    durationMs: 3,
    headers: {},
    bodyText: undefined,
    checked: {},
    ...overrides,
  };
}

describe('Journal', () => {
  it('shows a body that is not JSON as its text, and no body as undefined', () => {
    const journal = new Journal(SENSITIVE);
    journal.record(request({ bodyText: 'name=bolt' }));
    journal.record(request());
    expect(journal.list().map(({ body }) => body)).toEqual(['name=bolt', undefined]);
  });

  it('lists entries oldest first with increasing ids from 1', () => {
    const journal = new Journal(SENSITIVE);
    journal.record(request({ path: '/a' }));
    journal.record(request({ path: '/b' }));
    journal.record(request({ path: '/c' }));
    expect(journal.list().map(({ id, path }) => [id, path])).toEqual([
      [1, '/a'],
      [2, '/b'],
      [3, '/c'],
    ]);
  });

  it('drops the oldest entries beyond its capacity, keeping ids', () => {
    const journal = new Journal(SENSITIVE, 2);
    for (const path of ['/a', '/b', '/c', '/d']) journal.record(request({ path }));
    expect(journal.list().map(({ id, path }) => [id, path])).toEqual([
      [3, '/c'],
      [4, '/d'],
    ]);
  });

  it('keeps 500 entries by default', () => {
    const journal = new Journal(SENSITIVE);
    for (let index = 0; index < 501; index++) journal.record(request());
    const entries = journal.list();
    expect(entries).toHaveLength(500);
    expect(entries[0]?.id).toBe(2);
    expect(entries[499]?.id).toBe(501);
  });

  it('shows the time as ISO 8601 and the recorded fields as they were, without timeMs', () => {
    const journal = new Journal(SENSITIVE);
    journal.record(
      request({
        query: 'limit=3',
        status: 422,
        reason: 'TOY_INVALID',
        bodyText: '{"name":""}',
        checked: { a: 1 },
      }),
    );
    expect(journal.list()).toEqual([
      {
        id: 1,
        time: '2024-05-06T07:08:09.123Z',
        method: 'POST',
        path: '/toy/widgets/',
        query: 'limit=3',
        operationId: 'createWidget',
        status: 422,
        reason: 'TOY_INVALID',
        durationMs: 3,
        headers: {},
        body: { name: '' },
        checked: { a: 1 },
      },
    ]);
  });

  it('redacts sensitive headers when read, not when recorded', () => {
    const journal = new Journal(SENSITIVE);
    const headers = { authorization: 'Bearer secret', 'x-api-key': 'k', accept: 'application/json' };
    journal.record(request({ headers }));
    expect(journal.list()[0]?.headers).toEqual({
      authorization: REDACTED,
      'x-api-key': REDACTED,
      accept: 'application/json',
    });
    // The recorded headers are left as received.
    expect(headers.authorization).toBe('Bearer secret');
  });

  it('clear empties the journal but ids keep increasing', () => {
    const journal = new Journal(SENSITIVE);
    journal.record(request());
    journal.clear();
    expect(journal.list()).toEqual([]);
    journal.record(request());
    expect(journal.list().map(({ id }) => id)).toEqual([2]);
  });
});

describe('redactHeaders', () => {
  it('joins repeated headers, skips undefined ones and redacts sensitive ones whatever their shape', () => {
    expect(
      redactHeaders(
        {
          'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
          'set-cookie': undefined,
          authorization: ['a', 'b'],
          'x-api-key': '',
          host: 'localhost',
        },
        SENSITIVE,
      ),
    ).toEqual({
      'x-forwarded-for': '10.0.0.1, 10.0.0.2',
      authorization: REDACTED,
      'x-api-key': REDACTED,
      host: 'localhost',
    });
  });

  it('matches sensitive names exactly (Node lower-cases incoming header names)', () => {
    expect(redactHeaders({ Authorization: 'x' }, SENSITIVE)).toEqual({ Authorization: 'x' });
  });
});
