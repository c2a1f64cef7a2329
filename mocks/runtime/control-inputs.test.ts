import {
  ControlRefusal,
  LATEST_INSTANT_MS,
  MAX_ADVANCE_SECONDS,
  parseClockChange,
  parseFaultId,
  parseFaultInput,
  parseJournalFilter,
  parseProviderStateCall,
  parseRfc3339,
} from './control-inputs';

/** The refusal an input gets, as "REASON: message". */
function refusalOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof ControlRefusal) return `${error.reason}: ${error.message}`;
    throw error;
  }
  throw new Error('accepted');
}

const NOW = Date.parse('2030-01-02T03:04:05Z');

describe('parseRfc3339', () => {
  it.each([
    ['2030-01-02T03:04:05Z', '2030-01-02T03:04:05.000Z'],
    ['2030-01-02t03:04:05.123456789z', '2030-01-02T03:04:05.123Z'],
    ['2030-01-02T03:04:05+02:30', '2030-01-02T00:34:05.000Z'],
    ['2030-01-02T03:04:05-01:00', '2030-01-02T04:04:05.000Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    expect(new Date(parseRfc3339(text) as number).toISOString()).toBe(iso);
  });

  it.each([
    '2020',
    '2030-01-02',
    'Wed, 02 Jan 2030 03:04:05 GMT',
    '2030-01-02T03:04:05',
    '2030-01-02 03:04:05Z',
    '2030-02-29T00:00:00Z',
    '2030-13-01T00:00:00Z',
    '2030-01-00T00:00:00Z',
    '2030-01-02T24:00:00Z',
    '2030-01-02T03:60:00Z',
    '2016-12-31T23:59:60Z',
    '2030-01-02T03:04:05+24:00',
    '+002030-01-02T03:04:05Z',
    '2030-01-02T03:04:05.Z',
  ])('refuses %s', (text) => {
    expect(parseRfc3339(text)).toBeUndefined();
  });
});

describe('parseClockChange', () => {
  it('reads each of the three changes', () => {
    expect(parseClockChange({ now: '2040-01-01T00:00:00Z' }, NOW)).toEqual({
      kind: 'freeze',
      atMs: Date.parse('2040-01-01T00:00:00Z'),
    });
    expect(parseClockChange({ advanceSeconds: -86400.5 }, NOW)).toEqual({
      kind: 'advance',
      seconds: -86400.5,
    });
    expect(parseClockChange({ advanceSeconds: MAX_ADVANCE_SECONDS }, NOW)).toMatchObject({ kind: 'advance' });
    expect(parseClockChange({ real: true }, NOW)).toEqual({ kind: 'real' });
  });

  it.each([
    [{ now: '2020' }, '"now" must be an RFC 3339 date-time'],
    [{ now: 1893456000000 }, '"now" must be an RFC 3339 date-time'],
    [{ now: '1969-12-31T23:59:59Z' }, 'the clock must stay between'],
    [{ now: '1970-01-01T00:30:00+01:00' }, 'the clock must stay between'],
    [{ advanceSeconds: 1e15 }, '"advanceSeconds" must be a number from'],
    [{ advanceSeconds: MAX_ADVANCE_SECONDS + 1 }, '"advanceSeconds" must be a number from'],
    [{ advanceSeconds: '60' }, '"advanceSeconds" must be a number from'],
    [{ advanceSeconds: null }, '"advanceSeconds" must be a number from'],
    [{ advanceSeconds: -70 * 365 * 86400 }, 'the clock must stay between'],
    [{ real: false }, 'send exactly one of'],
    [{}, 'send exactly one of'],
    [{ now: '2030-01-02T03:04:05Z', real: true }, 'send exactly one of'],
    [{ later: 1 }, 'unknown field(s): later'],
    [JSON.parse('{"__proto__": 1}'), 'unknown field(s): __proto__'],
    [[], 'expected exactly one of'],
    ['now', 'expected exactly one of'],
  ])('refuses %j', (body, message) => {
    expect(refusalOf(() => parseClockChange(body, NOW))).toContain(`CONTROL_INVALID: ${message}`);
  });

  it('refuses a move past year 9999 from where the clock is', () => {
    expect(refusalOf(() => parseClockChange({ advanceSeconds: 1 }, LATEST_INSTANT_MS))).toContain(
      'the clock must stay between',
    );
  });
});

describe('parseJournalFilter', () => {
  it('reads every filter, numbers as integers and the method upper-cased', () => {
    expect(
      parseJournalFilter({
        since: '7',
        status: '404',
        reason: 'X_Y',
        operationId: 'getQuote',
        method: 'post',
        pathContains: '/quotes',
        limit: '5',
      }),
    ).toEqual({
      since: 7,
      status: 404,
      reason: 'X_Y',
      operationId: 'getQuote',
      method: 'POST',
      pathContains: '/quotes',
      limit: 5,
    });
    expect(parseJournalFilter({})).toEqual({});
  });

  it.each([
    [{ method: ['GET', 'POST'] }, 'give the filter method once, as text'],
    [{ status: { gt: '1' } }, 'give the filter status once, as text'],
    [{ limit: '-1' }, 'limit must be an integer from 1 to 100000'],
    [{ limit: '0' }, 'limit must be an integer from 1 to 100000'],
    [{ limit: '1e3' }, 'limit must be an integer from 1 to 100000'],
    [{ since: '' }, 'since must be an integer from 0 to'],
    [{ since: '99999999999999999' }, 'since must be an integer from 0 to'],
    [{ status: '99' }, 'status must be an integer from 100 to 599'],
    [{ method: 'GET POST' }, 'method must be a string of at most 16 characters'],
    [{ pathContains: 'x'.repeat(1025) }, 'pathContains must be a string of at most 1024 characters'],
    [{ sort: 'id' }, 'unknown field(s): sort'],
  ])('refuses %j', (query, message) => {
    expect(refusalOf(() => parseJournalFilter(query))).toContain(`CONTROL_INVALID: ${message}`);
  });
});

describe('parseFaultInput', () => {
  const OPERATIONS = new Set(['createQuote']);

  it('accepts a full fault, upper-casing the method', () => {
    expect(
      parseFaultInput(
        {
          method: 'post',
          operationId: 'createQuote',
          pathContains: '/quotes',
          status: 500,
          body: { detail: 'boom' },
          delayMs: 250,
          times: 3,
          hold: true,
        },
        OPERATIONS,
      ),
    ).toEqual({
      method: 'POST',
      operationId: 'createQuote',
      pathContains: '/quotes',
      status: 500,
      body: { detail: 'boom' },
      delayMs: 250,
      times: 3,
      hold: true,
      probability: 1,
      afterCommit: false,
    });
  });

  it('accepts the richer rule: glob, header, credential, probability, latency, connection, after commit', () => {
    const rule = {
      path: '/partners/*/bookings/**',
      header: { name: 'x-test', value: 'on' },
      credential: 'apiKey',
      probability: 0.25,
      seed: 7,
      latency: { distribution: 'lognormal', medianMs: 100, sigma: 0.5 },
      connection: 'reset',
      afterCommit: true,
      retryAfterSeconds: 3,
      trickleMs: 10,
    };
    const sent = { ...rule, header: { name: 'X-Test', value: 'on' } };
    expect(parseFaultInput(sent, OPERATIONS, ['apiKey'])).toEqual({ ...rule, delayMs: 0, hold: false });
  });

  it('accepts a delay alone, a status alone or a hold alone, with defaults', () => {
    expect(parseFaultInput({ delayMs: 1 }, OPERATIONS)).toEqual({
      method: undefined,
      operationId: undefined,
      pathContains: undefined,
      status: undefined,
      body: undefined,
      delayMs: 1,
      times: undefined,
      hold: false,
      probability: 1,
      afterCommit: false,
    });
    expect(parseFaultInput({ status: 200 }, OPERATIONS)).toMatchObject({ status: 200, delayMs: 0 });
    expect(parseFaultInput({ hold: true }, OPERATIONS)).toMatchObject({ hold: true, delayMs: 0 });
    expect(parseFaultInput({ status: 599, delayMs: 60000, times: 1_000_000 }, OPERATIONS)).toMatchObject({
      status: 599,
    });
  });

  it('accepts a body of 16 KiB serialized, not more, and none nested too deeply to send', () => {
    const sized = (bytes: number) => ({ status: 500, body: 'x'.repeat(bytes - 2) });
    expect(parseFaultInput(sized(16 * 1024), OPERATIONS)).toMatchObject({ status: 500 });
    expect(refusalOf(() => parseFaultInput(sized(16 * 1024 + 1), OPERATIONS))).toBe(
      'CONTROL_INVALID: body must serialize to at most 16384 bytes',
    );
    let deep: unknown = 1;
    for (let level = 0; level < 20_000; level++) deep = [deep];
    expect(refusalOf(() => parseFaultInput({ status: 500, body: deep }, OPERATIONS))).toBe(
      'CONTROL_INVALID: body is nested too deeply to be sent',
    );
  });

  it.each([
    [null, 'expected a fault with fields among'],
    [[], 'expected a fault with fields among'],
    [{ status: 500, stauts: 1, delay: 2 }, 'unknown field(s): stauts, delay'],
    [{ status: 500, method: 1 }, 'method must be a string of at most 16 characters'],
    [{ status: 500, method: 'GE T' }, 'method must be a string'],
    [{ status: 500, operationId: null }, 'operationId must be a string'],
    [{ status: 500, operationId: 'noSuchOperation' }, 'operationId "noSuchOperation" names no operation'],
    [{ status: 500, operationId: 'constructor' }, 'operationId "constructor" names no operation'],
    [{ status: 500, pathContains: ['/x'] }, 'pathContains must be a string'],
    [{ status: 500, pathContains: 'x'.repeat(1025) }, 'pathContains must be a string of at most 1024'],
    [{ status: 199 }, 'status must be an integer from 200 to 599'],
    [{ status: 600 }, 'status must be an integer from 200 to 599'],
    [{ status: '500' }, 'status must be an integer from 200 to 599'],
    [{ delayMs: -1 }, 'delayMs must be an integer from 0 to 60000'],
    [{ delayMs: 60001 }, 'delayMs must be an integer from 0 to 60000'],
    [{ status: 500, times: 0 }, 'times must be an integer from 1 to 1000000'],
    [{ status: 500, times: 1e7 }, 'times must be an integer from 1 to 1000000'],
    [{ status: 500, hold: 'yes' }, 'hold must be true or false'],
    [{}, 'a fault needs an effect'],
    [{ hold: false, delayMs: 0 }, 'a fault needs an effect'],
    [{ afterCommit: true, delayMs: 5 }, 'afterCommit needs a status or a connection fault'],
    [{ connection: 'explode' }, 'connection must be one of drop, reset, truncate, malformed, trickle'],
    [{ status: 500, probability: 1.5 }, 'probability must be a number from 0 to 1'],
    [{ status: 500, seed: -1 }, 'seed must be an integer from 0 to 4294967295'],
    [{ status: 500, path: 'no-slash' }, 'path must be a string of at most 1024 characters matching'],
    [{ status: 500, header: { name: 'bad name' } }, 'header.name must be a string'],
    [{ status: 500, header: { name: 'x', extra: 1 } }, 'unknown field(s): extra'],
    [{ status: 500, credential: 'password' }, 'credential must name a credential field'],
    [
      { latency: { distribution: 'uniform', minMs: 5, maxMs: 1 } },
      'latency.minMs must not exceed latency.maxMs',
    ],
    [{ latency: { distribution: 'fixed', ms: 60001 } }, 'latency.ms must be an integer from 0 to 60000'],
    [{ latency: { distribution: 'pareto' } }, 'latency must be {"distribution": "fixed"'],
    [
      { latency: { distribution: 'lognormal', medianMs: 5, sigma: 9 } },
      'latency.sigma must be a number from 0 to 4',
    ],
  ])('refuses %j', (body, message) => {
    expect(refusalOf(() => parseFaultInput(body, OPERATIONS))).toContain(`CONTROL_INVALID: ${message}`);
  });
});

describe('parseFaultId', () => {
  it('reads a decimal id and refuses anything else as no such fault', () => {
    expect(parseFaultId('12')).toBe(12);
    for (const text of ['', 'x', '-1', '1.5', '1'.repeat(17)]) {
      expect(refusalOf(() => parseFaultId(text))).toBe('FAULT_NOT_FOUND: a fault id is a positive integer');
    }
  });
});

describe('parseProviderStateCall', () => {
  const STATES = { 'a quote exists': () => undefined };

  it('reads a state, its params (none: {}) and the action (default setup), as Pact sends them', () => {
    expect(parseProviderStateCall({ state: 'a quote exists', params: { a: 1 } }, STATES)).toEqual({
      name: 'a quote exists',
      params: { a: 1 },
      action: 'setup',
    });
    expect(parseProviderStateCall({ state: 'a quote exists' }, STATES).params).toEqual({});
    expect(parseProviderStateCall({ state: 'a quote exists', action: 'teardown' }, STATES).action).toBe(
      'teardown',
    );
  });

  it('reads an empty or missing state as no state, whatever the provider defines', () => {
    for (const body of [{}, { state: '' }, { state: null, action: 'teardown' }])
      expect(parseProviderStateCall(body, undefined).name).toBeUndefined();
  });

  it('refuses an action other than setup and teardown', () => {
    expect(
      refusalOf(() => parseProviderStateCall({ state: 'a quote exists', action: 'reset' }, STATES)),
    ).toBe('CONTROL_INVALID: action must be "setup" or "teardown"');
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'nope'])(
    'looks %s up among the states themselves, not the object prototype',
    (name) => {
      expect(refusalOf(() => parseProviderStateCall({ state: name }, STATES))).toBe(
        `PROVIDER_STATE_UNKNOWN: unknown provider state "${name}"`,
      );
    },
  );

  it('refuses every state when the provider defines none', () => {
    expect(refusalOf(() => parseProviderStateCall({ state: 'a quote exists' }, undefined))).toContain(
      'PROVIDER_STATE_UNKNOWN',
    );
  });

  it.each([
    [{ state: 1 }, 'state must be a string'],
    [{ state: 'x'.repeat(257) }, 'state must be a string of at most 256'],
    [{ state: 'a quote exists', params: [] }, 'expected {"state"'],
    [{ state: 'a quote exists', params: 'a=1' }, 'expected {"state"'],
    [{ state: 'a quote exists', extra: 1 }, 'unknown field(s): extra'],
  ])('refuses %j', (body, message) => {
    expect(refusalOf(() => parseProviderStateCall(body, STATES))).toContain(`CONTROL_INVALID: ${message}`);
  });
});
