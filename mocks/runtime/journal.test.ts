import { createHash } from 'node:crypto';
import { recordedRequest } from '../../test/helpers/recorded-request';
import {
  Journal,
  JOURNAL_BODY_LIMIT,
  journalBodyText,
  journalBytesSummary,
  journalEntryBytes,
} from './journal';
import { REDACTED } from './redaction';

const SECRET = 'toy_secret_value';
const NOW = Date.parse('2030-01-02T03:04:05.000Z');

function journalOf(overrides: { capacity?: number; byteBudget?: number } = {}): Journal {
  return new Journal({
    secrets: [SECRET],
    sensitiveHeaders: ['X-Api-Key'],
    clock: { now: () => new Date(NOW) },
    ...overrides,
  });
}

const request = recordedRequest;

describe('Journal', () => {
  it('shows a body that is not JSON as its text, and no body as undefined', () => {
    const journal = journalOf();
    journal.record(request({ bodyText: 'name=bolt' }));
    journal.record(request());
    expect(journal.list().map(({ body }) => body)).toEqual(['name=bolt', undefined]);
  });

  it('lists entries oldest first with increasing ids from 1', () => {
    const journal = journalOf();
    for (const path of ['/a', '/b', '/c']) journal.record(request({ path }));
    expect(journal.list().map(({ id, path }) => [id, path])).toEqual([
      [1, '/a'],
      [2, '/b'],
      [3, '/c'],
    ]);
  });

  it('drops the oldest entries beyond its capacity, keeping ids', () => {
    const journal = journalOf({ capacity: 2 });
    for (const path of ['/a', '/b', '/c', '/d']) journal.record(request({ path }));
    expect(journal.list().map(({ id, path }) => [id, path])).toEqual([
      [3, '/c'],
      [4, '/d'],
    ]);
  });

  it('keeps 500 entries by default', () => {
    const journal = journalOf();
    for (let index = 0; index < 501; index++) journal.record(request());
    const entries = journal.list();
    expect(entries).toHaveLength(500);
    expect(entries[0]?.id).toBe(2);
    expect(entries[499]?.id).toBe(501);
  });

  it('drops the oldest entries once the bytes kept exceed the budget, always keeping the newest', () => {
    const small = journalEntryBytes(request({ path: '/a', bodyText: '1234' }));
    const journal = journalOf({ byteBudget: 2 * small + 8 });
    journal.record(request({ path: '/a', bodyText: '1234' }));
    journal.record(request({ path: '/b', bodyText: '1234' }));
    expect(journal.list().map(({ path }) => path)).toEqual(['/a', '/b']);
    journal.record(request({ path: '/c', bodyText: '12345678' }));
    expect(journal.list().map(({ id, path }) => [id, path])).toEqual([
      [2, '/b'],
      [3, '/c'],
    ]);
    journal.record(request({ path: '/d', bodyText: 'x'.repeat(5000) }));
    expect(journal.list().map(({ path }) => path)).toEqual(['/d']);
  });

  it('charges everything an entry holds, not only the bodies: checks, headers, near misses', () => {
    const bare = journalEntryBytes(request());
    const violations = Array.from({ length: 1000 }, (_, index) => ({ field: [`k${index}`], keyword: 'x' }));
    expect(journalEntryBytes(request({ checked: { violations } }))).toBeGreaterThan(bare + 1000 * 64);
    expect(journalEntryBytes(request({ headers: { 'x-long': 'v'.repeat(4000) } }))).toBeGreaterThan(
      bare + 8000,
    );
    expect(journalEntryBytes(request({ responseHeaders: { 'x-long': 'v'.repeat(4000) } }))).toBeGreaterThan(
      bare + 8000,
    );
    expect(journalEntryBytes(request({ nearMisses: ['GET /a'.repeat(1000)] }))).toBeGreaterThan(bare + 12000);
    const journal = journalOf({ byteBudget: bare * 3 });
    journal.record(request({ path: '/a' }));
    journal.record(request({ path: '/b', checked: { violations } }));
    expect(journal.list().map(({ path }) => path)).toEqual(['/b']);
  });

  it('shows both times, the request and the response, bodies parsed back from JSON', () => {
    const journal = journalOf();
    journal.record(
      request({
        query: 'limit=3',
        status: 422,
        reason: 'TOY_INVALID',
        bodyText: '{"name":""}',
        checked: { a: 1 },
        responseHeaders: { 'content-type': 'application/json', 'content-length': 12 },
        responseBodyText: '{"problem":"x"}',
      }),
    );
    const [entry] = journal.list();
    expect(Date.parse(entry?.time as string)).not.toBeNaN();
    expect(entry).toEqual({
      id: 1,
      time: entry?.time,
      sandboxTime: '2030-01-02T03:04:05.000Z',
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
      response: {
        status: 422,
        headers: { 'content-type': 'application/json', 'content-length': '12' },
        body: { problem: 'x' },
      },
    });
  });

  it('shows near misses only for the entries that have them', () => {
    const journal = journalOf();
    journal.record(request({ operationId: null, status: 404, nearMisses: ['GET /toy/widgets/'] }));
    journal.record(request());
    expect(journal.list().map((entry) => entry.nearMisses)).toEqual([['GET /toy/widgets/'], undefined]);
  });

  it('redacts secrets and sensitive headers when read, not when recorded', () => {
    const journal = journalOf();
    const headers = { authorization: 'Bearer x', 'x-api-key': 'k', 'x-note': `${SECRET} `, accept: 'a' };
    journal.record(
      request({
        path: `/toy/${SECRET}`,
        query: `key=${SECRET}`,
        headers,
        bodyText: JSON.stringify({ nested: [{ [`k${SECRET}`]: `v:${SECRET}` }] }),
        checked: { auth: { keyId: `key:${SECRET}`, detail: [`was ${SECRET}`] } },
        responseHeaders: { 'set-cookie': ['a=1'], 'x-echo': SECRET },
        responseBodyText: `plain ${SECRET}`,
      }),
    );
    const [entry] = journal.list();
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(entry).toMatchObject({
      path: `/toy/${REDACTED}`,
      query: `key=${REDACTED}`,
      headers: { authorization: REDACTED, 'x-api-key': REDACTED, 'x-note': `${REDACTED} `, accept: 'a' },
      body: { nested: [{ [`k${REDACTED}`]: `v:${REDACTED}` }] },
      checked: { auth: { keyId: `key:${REDACTED}`, detail: [`was ${REDACTED}`] } },
      response: { headers: { 'set-cookie': REDACTED, 'x-echo': REDACTED }, body: `plain ${REDACTED}` },
    });
    expect(headers['x-note']).toBe(`${SECRET} `);
  });

  it('clear empties the journal but ids keep increasing', () => {
    const journal = journalOf();
    journal.record(request());
    journal.clear();
    expect(journal.list()).toEqual([]);
    journal.record(request());
    expect(journal.list().map(({ id }) => id)).toEqual([2]);
  });
});

describe('journalBodyText', () => {
  it('keeps a body up to the limit, notes a bigger one by its size, and nothing for an empty one', () => {
    expect(journalBodyText(Buffer.from('{"a":1}'))).toBe('{"a":1}');
    expect(journalBodyText('x'.repeat(JOURNAL_BODY_LIMIT))).toHaveLength(JOURNAL_BODY_LIMIT);
    expect(journalBodyText(Buffer.alloc(JOURNAL_BODY_LIMIT + 1))).toBe(
      `[a ${JOURNAL_BODY_LIMIT + 1}-byte body, not kept]`,
    );
    expect(journalBodyText('é'.repeat(JOURNAL_BODY_LIMIT))).toBe(
      `[a ${2 * JOURNAL_BODY_LIMIT}-byte body, not kept]`,
    );
    expect(journalBodyText('')).toBeUndefined();
  });

  it('keeps raw bytes as their size, bounded media type and SHA-256, whatever their size', () => {
    const bytes = Buffer.alloc(JOURNAL_BODY_LIMIT * 4, 0xff);
    const digest = createHash('sha256').update(bytes).digest('hex');
    expect(journalBytesSummary(bytes, 'image/png')).toBe(
      `[${bytes.length} bytes of image/png, sha256 ${digest}]`,
    );
    expect(journalBytesSummary(Buffer.from([1]), 'x/'.padEnd(10_000, 'y'))).toHaveLength(
      '[1 bytes of , sha256 ]'.length + 200 + 64,
    );
    expect(journalBytesSummary(Buffer.from([1]), undefined)).toMatch(/^\[1 bytes of untyped, sha256 /);
    expect(journalBytesSummary(Buffer.alloc(0), 'image/png')).toBeUndefined();
  });

  it('finds an entry by the id reserved for it, and keeps the list in id order when answers settle late', () => {
    const journal = journalOf();
    const early = journal.reserveId();
    const late = journal.reserveId();
    journal.record(request({ path: '/late' }), late);
    journal.record(request({ path: '/early' }), early);
    journal.record(request({ path: '/unreserved' }));
    expect(journal.list().map(({ id, path }) => [id, path])).toEqual([
      [early, '/early'],
      [late, '/late'],
      [late + 1, '/unreserved'],
    ]);
    expect(journal.find(late)?.path).toBe('/late');
    expect(journal.find(late + 2)).toBeUndefined();
    journal.clear();
    expect(journal.find(early)).toBeUndefined();
    expect(journal.reserveId()).toBe(late + 2);
  });
});
