/**
 * XCover conformance fixtures: drift check and regeneration.
 *
 * The fixtures in ./fixtures are generated from the official XCover Python SDK's VCR cassettes in
 * ../shared/reference/recordings/xcover (relative to the repo root; override with XCOVER_RECORDINGS_DIR).
 *
 *   Regenerate:   UPDATE_FIXTURES=1 npx jest test/conformance/xcover/import-recordings.test.ts
 *   Drift check:  npx jest test/conformance/xcover/import-recordings.test.ts
 *
 * The drift check fails when a committed fixture differs from what its cassette converts to now (or has no
 * cassette); it is skipped when the recordings directory is absent. The rest are unit tests of the conversion.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { matchShape, shapeOf } from '../shape';
import { importCassette, parseCassette, serializeFixture } from './import-recordings';

const repoRoot = path.resolve(__dirname, '../../..');
const recordingsDir = path.resolve(
  repoRoot,
  process.env.XCOVER_RECORDINGS_DIR ?? '../shared/reference/recordings/xcover',
);
const fixturesDir = path.join(__dirname, 'fixtures');
const update = process.env.UPDATE_FIXTURES === '1';
const cassettes = existsSync(recordingsDir)
  ? readdirSync(recordingsDir)
      .filter((file) => file.endsWith('.yaml'))
      .sort()
      .map((file) => file.replace(/\.yaml$/, ''))
  : [];

const describeRecordings = cassettes.length > 0 ? describe : describe.skip;

describeRecordings(`fixtures generated from ${path.relative(repoRoot, recordingsDir)}`, () => {
  const read = (name: string): string => readFileSync(path.join(recordingsDir, `${name}.yaml`), 'utf8');

  test.each(cassettes)(update ? 'writes %s.json' : '%s.json matches its cassette', (name) => {
    const expected = serializeFixture(importCassette(read(name), name));
    const file = path.join(fixturesDir, `${name}.json`);
    if (update) {
      mkdirSync(fixturesDir, { recursive: true });
      writeFileSync(file, expected);
      return;
    }
    expect(existsSync(file) ? readFileSync(file, 'utf8') : `(missing ${file})`).toBe(expected);
  });

  test('every committed fixture has a cassette', () => {
    const committed = existsSync(fixturesDir)
      ? readdirSync(fixturesDir).filter((file) => file.endsWith('.json'))
      : [];
    expect(committed.filter((file) => !cassettes.includes(file.replace(/\.json$/, '')))).toEqual([]);
  });

  test.each(cassettes)('%s: every recorded response body matches its own shape', (name) => {
    for (const interaction of parseCassette(read(name), name)) {
      if (interaction.responseBody === '') continue;
      const body: unknown = JSON.parse(interaction.responseBody);
      expect(matchShape(shapeOf(body), body)).toEqual([]);
    }
  });
});

function request(method: string, uri: string, body: string | null, headers = ''): string {
  return [
    `- request:`,
    `    body: ${body === null ? 'null' : `'${body}'`}`,
    `    headers:`,
    `      Accept:`,
    `      - '*/*'`,
    `      Content-Type:`,
    `      - application/json`,
    `      User-Agent:`,
    `      - python-requests/2.26.0`,
    `      date:`,
    `      - Thu, 30 Sep 2021 02:59:54 GMT`,
    headers,
    `    method: ${method}`,
    `    uri: https://staging.api.xcover.com${uri}`,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function response(status: number, body: string): string {
  return [
    `  response:`,
    `    body:`,
    `      string: ${body}`,
    `    headers: {}`,
    `    status:`,
    `      code: ${status}`,
  ].join('\n');
}

function cassette(...interactions: string[]): string {
  return `interactions:\n${interactions.join('\n')}\nversion: 1\n`;
}

const P = '/xcover/partners/LLODT';
const PKG = 'AB12C-DE34F-INS';
const Q0 = '11111111-1111-4111-8111-111111111111';
const Q1 = '22222222-2222-4222-8222-222222222222';

describe('importCassette', () => {
  test('captures ids from responses and templates later paths and bodies', () => {
    const yaml = cassette(
      request('POST', `${P}/quotes/`, '{"request": [{"policy_type": "x"}], "currency": "GBP"}'),
      response(201, `'{"id":"${PKG}","quotes":{"0":{"id":"${Q0}","price":2.01}},"total_price":2.01}'`),
      request('POST', `${P}/bookings/${PKG}/`, `{"quotes": [{"id": "${Q0}"}], "note": "${PKG} kept"}`),
      response(200, `'{"id":"${PKG}","quotes":[{"id":"${Q0}"}],"cancellation_id":"u7Thv-d6C5P-8FAQW-CCL"}'`),
      request('POST', `${P}/bookings/${PKG}/confirm_cancellation/u7Thv-d6C5P-8FAQW-CCL/`, '{}'),
      response(204, "''"),
    );
    const fixture = importCassette(yaml, 'test_inline');
    expect(fixture.name).toBe('test_inline');
    expect(fixture.source).toBe('recordings/xcover/test_inline.yaml');
    expect(fixture.requires).toEqual([]);
    expect(fixture.exchanges.map((e) => [e.method, e.path, e.status])).toEqual([
      ['POST', '/xcover/partners/{{partner_code}}/quotes/', 201],
      ['POST', '/xcover/partners/{{partner_code}}/bookings/{{quote_package_id}}/', 200],
      [
        'POST',
        '/xcover/partners/{{partner_code}}/bookings/{{quote_package_id}}/confirm_cancellation/{{cancellation_id}}/',
        204,
      ],
    ]);
    const [create, book, confirm] = fixture.exchanges;
    expect(create?.capture).toEqual({ quote_package_id: 'id', quote_0_id: 'quotes.0.id' });
    expect(create?.body).toEqual({ request: [{ policy_type: 'x' }], currency: 'GBP' });
    expect(book?.body).toEqual({ quotes: [{ id: '{{quote_0_id}}' }], note: `${PKG} kept` });
    expect(book?.capture).toEqual({ cancellation_id: 'cancellation_id' });
    expect(confirm?.body).toEqual({});
    expect(fixture.exchanges.map((e) => e.recordedAt)).toEqual([
      '2021-09-30T02:59:54.000Z',
      '2021-09-30T02:59:54.000Z',
      '2021-09-30T02:59:54.000Z',
    ]);
    expect(confirm?.shape).toBeNull();
    expect(confirm?.capture).toEqual({});
    expect(create?.shape).toEqual({
      object: {
        id: 'string',
        quotes: { object: { '0': { object: { id: 'string', price: 'number' } } } },
        total_price: 'number',
      },
    });
  });

  test('ids used before any capture go into requires', () => {
    const yaml = cassette(
      request('GET', `${P}/quotes/${PKG}/`, null),
      response(200, `'{"id":"${PKG}","quotes":{"0":{"id":"${Q0}"}}}'`),
      request('PATCH', `${P}/bookings/${PKG}/quote_for_update`, `{"quotes": [{"id": "${Q1}"}]}`),
      response(200, `'{"id":"${PKG}","update_id":"joaiJ-Cao42-o9ulM-UPD"}'`),
    );
    const fixture = importCassette(yaml, 'test_required');
    expect(fixture.exchanges[0]?.path).toBe('/xcover/partners/{{partner_code}}/quotes/{{quote_package_id}}/');
    expect(fixture.exchanges[0]?.body).toBeNull();
    expect(fixture.exchanges[0]?.capture).toEqual({ quote_0_id: 'quotes.0.id' });
    expect(fixture.exchanges[1]?.body).toEqual({ quotes: [{ id: '{{quote_1_id}}' }] });
    expect(fixture.exchanges[1]?.capture).toEqual({ update_id: 'update_id' });
    expect(fixture.requires).toEqual(['quote_package_id', 'quote_1_id']);
  });

  test('a quote added at an index already named gets the next free index; other packages get a suffix', () => {
    const other = 'ZZ99Y-XX88W-INS';
    const yaml = cassette(
      request('POST', `${P}/quotes/`, '{}'),
      response(201, `'{"id":"${PKG}","quotes":{"0":{"id":"${Q0}"}}}'`),
      request('POST', `${P}/quotes/${PKG}/add/`, '{}'),
      response(201, `'{"id":"${PKG}","quotes":{"0":{"id":"${Q1}"},"1":{"id":"${Q0}"}}}'`),
      request('POST', `${P}/instant_booking/`, '{}'),
      response(200, `'{"id":"${other}","quotes":[{"id":"33333333-3333-4333-8333-333333333333"}]}'`),
    );
    const fixture = importCassette(yaml, 'test_add');
    expect(fixture.exchanges.map((e) => e.capture)).toEqual([
      { quote_package_id: 'id', quote_0_id: 'quotes.0.id' },
      { quote_1_id: 'quotes.0.id' },
      { quote_package_id_2: 'id', quote_0_id_2: 'quotes.0.id' },
    ]);
  });

  test('keeps only semantic request headers and the raw query', () => {
    const headers = [
      `      x-idempotency-key:`,
      `      - b4770b89-e6e3-4934-8c57-b39bdbb81e78`,
      `      X-Custom-Header:`,
      `      - test`,
      `      Authorization:`,
      `      - Signature keyId="k"`,
      `      Content-Length:`,
      `      - '2'`,
      `      Accept-Encoding:`,
      `      - gzip, deflate`,
      `      Connection:`,
      `      - keep-alive`,
    ].join('\n');
    const yaml = cassette(
      request('GET', `${P}/bookings/?limit=1&offset=1`, null, headers),
      response(200, `'{"count":1,"results":[]}'`),
    );
    const [exchange] = importCassette(yaml, 'test_headers').exchanges;
    expect(exchange?.headers).toEqual({
      'x-custom-header': 'test',
      'x-idempotency-key': 'b4770b89-e6e3-4934-8c57-b39bdbb81e78',
    });
    expect(exchange?.path).toBe('/xcover/partners/{{partner_code}}/bookings/');
    expect(exchange?.query).toBe('limit=1&offset=1');
    expect(exchange?.shape).toEqual({ object: { count: 'number', results: { array: null } } });
  });

  test('decodes \\xA3 escapes and gzip-compressed !!binary bodies', () => {
    const json = `{"id":"${PKG}","total_price_formatted":"\u00a32.01"}`;
    const base64 = gzipSync(Buffer.from(json, 'utf8')).toString('base64');
    const yaml = cassette(
      request('GET', `${P}/quotes/${PKG}/`, null),
      [
        `  response:`,
        `    body:`,
        `      string: !!binary |`,
        `        ${base64}`,
        `    headers:`,
        `      Content-Encoding:`,
        `      - gzip`,
        `    status:`,
        `      code: 200`,
      ].join('\n'),
      request('GET', `${P}/quotes/${PKG}/`, null),
      response(200, `"{\\"id\\":\\"${PKG}\\",\\"total_price_formatted\\":\\"\\xA32.01\\"}"`),
    );
    const interactions = parseCassette(yaml, 'test_binary');
    expect(interactions.map((i) => i.responseBody)).toEqual([json, json]);
    const fixture = importCassette(yaml, 'test_binary');
    expect(fixture.requires).toEqual(['quote_package_id']);
    expect(fixture.exchanges[0]?.shape).toEqual({
      object: { id: 'string', total_price_formatted: 'string' },
    });
  });

  test('recordedAt is null without a date header and an error with an unparseable one', () => {
    const undated = request('GET', `${P}/quotes/${PKG}/`, null).replace(/\n {6}date:\n {6}- [^\n]*/, '');
    expect(undated).not.toContain('date:');
    const ok = response(200, `'{"id":"${PKG}"}'`);
    expect(importCassette(cassette(undated, ok), 'test_undated').exchanges[0]?.recordedAt).toBeNull();
    const misdated = request('GET', `${P}/quotes/${PKG}/`, null).replace('Thu, 30 Sep', 'Fri, 30 Sep');
    expect(() => importCassette(cassette(misdated, ok), 'test_misdated')).toThrow(
      /test_misdated interaction 0: request date header is not an HTTP date/,
    );
  });

  test('rejects a non-JSON response body with the interaction named', () => {
    const yaml = cassette(request('GET', `${P}/quotes/`, null), response(500, "'<html>oops</html>'"));
    expect(() => importCassette(yaml, 'test_html')).toThrow(
      /test_html interaction 0 response: body is not JSON/,
    );
  });
});

describe('serializeFixture', () => {
  test('is 2-space JSON with a trailing newline, short scalar arrays inline', () => {
    const text = serializeFixture({
      name: 'n',
      source: 's',
      exchanges: [],
      requires: ['quote_package_id', 'quote_0_id'],
    });
    expect(text).toBe(
      '{\n  "name": "n",\n  "source": "s",\n  "exchanges": [],\n  "requires": ["quote_package_id", "quote_0_id"]\n}\n',
    );
    expect(JSON.parse(text)).toEqual({
      name: 'n',
      source: 's',
      exchanges: [],
      requires: ['quote_package_id', 'quote_0_id'],
    });
  });
});
