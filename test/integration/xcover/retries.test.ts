/**
 * The typed client's own retries (`retry` option, as XCover's SDKs retry 423/429/502/503/504) against faults
 * and the rate limit, and XCover's recorded retry scenario (test_auto_retry: staging's gateway answered the
 * SDK's instant booking with 502 and `{}` three times) reproduced from one fault rule. The client's waits go
 * to a function that records them and moves the sandbox clock: no real time passes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEntry } from '../../../mocks/runtime/journal';
import type { Settings } from '../../../mocks/runtime/provider';
import { createXCoverClient } from '../../../src/xcover';
import {
  API_KEY,
  API_SECRET,
  PARTNER,
  POLICYHOLDER,
  quoteItem,
  useXCoverSandbox,
  packageCount,
  setClock,
} from '../../helpers/xcover';

/** The recording as the conformance replay keeps it (imported from recordings/xcover/test_auto_retry.yaml). */
const RECORDING = join(__dirname, '..', '..', 'conformance', 'xcover', 'fixtures', 'test_auto_retry.json');

interface RecordedExchange {
  method: string;
  path: string;
  status: number;
  shape: unknown;
}

/** A sandbox for the tests of one describe, a client whose waits move its clock, and its control surface. */
function useRetrySandbox(settings: Settings = {}) {
  const sandbox = useXCoverSandbox(settings);
  const waits: number[] = [];

  const clientWithRetries = () =>
    createXCoverClient({
      baseUrl: `${sandbox.x.url}/xcover`,
      key: { apiKey: API_KEY, apiSecret: API_SECRET },
      now: () => sandbox.x.sandbox.clock.now(),
      retry: {
        sleep: async (ms) => {
          waits.push(ms);
          // Through the control surface: with a shared store the clock is the store's.
          await setClock(sandbox.x.url, { advanceSeconds: ms / 1000 });
        },
      },
    });
  const journal = async () =>
    ((await (await fetch(`${sandbox.x.url}/__sandbox/requests`)).json()) as { requests: JournalEntry[] })
      .requests;
  const addFault = async (rule: Record<string, unknown>) => {
    const response = await fetch(`${sandbox.x.url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify(rule),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: number }).id;
  };
  const instantBooking = () =>
    clientWithRetries().POST('/partners/{partner_code}/instant_booking/', {
      params: { path: { partner_code: PARTNER } },
      headers: { 'x-idempotency-key': 'b4770b89-e6e3-4934-8c57-b39bdbb81e78' },
      body: { request: [quoteItem() as never], currency: 'GBP', policyholder: POLICYHOLDER },
    });

  beforeEach(async () => {
    waits.length = 0;
    await setClock(sandbox.x.url, { now: '2030-05-01T05:28:50Z' });
  });
  return { sandbox, waits, clientWithRetries, journal, addFault, instantBooking };
}

describe('the typed XCover client retrying against faults', () => {
  const { sandbox, waits, journal, addFault, instantBooking } = useRetrySandbox();

  it('reproduces test_auto_retry from one rule: three 502s with `{}`, then the booking, made once', async () => {
    const recorded = (JSON.parse(readFileSync(RECORDING, 'utf8')) as { exchanges: RecordedExchange[] })
      .exchanges;
    const rule = await addFault({ operationId: 'instantBooking', status: 502, times: recorded.length });

    const booked = await instantBooking();
    expect(booked.response.status).toBe(200);
    expect(booked.data?.status).toBe('CONFIRMED');

    const entries = await journal();
    const faulted = entries.slice(0, recorded.length);
    const seen = (method: string, path: string, status: number, body: unknown) => ({
      method,
      path,
      status,
      body,
    });
    expect(faulted.map((entry) => seen(entry.method, entry.path, entry.status, entry.response.body))).toEqual(
      recorded.map((exchange) =>
        seen(
          exchange.method,
          exchange.path.replace('{{partner_code}}', PARTNER),
          exchange.status,
          // The recorded body was `{}`: an object without fields.
          exchange.shape && (exchange.shape as { object: object }).object,
        ),
      ),
    );
    for (const entry of faulted) expect(entry.checked.fault).toMatchObject({ rule, status: 502 });
    expect(entries.slice(recorded.length).map((entry) => entry.status)).toEqual([200]);
    expect(await packageCount(sandbox.x)).toBe(1);
    // Exponential back-off from 500 ms, as no Retry-After came.
    expect(waits).toEqual([500, 1000, 2000]);
  });

  it('after commit, the retry under the same key gets the stored booking (409), never a second one', async () => {
    await addFault({ operationId: 'instantBooking', status: 502, afterCommit: true, times: 1 });
    const retried = await instantBooking();
    expect(retried.response.status).toBe(409);
    expect(await packageCount(sandbox.x)).toBe(1);
    expect(waits).toEqual([500]);
  });

  it('gives up after its retries and returns the last answer', async () => {
    await addFault({ operationId: 'instantBooking', status: 503 });
    const failed = await instantBooking();
    expect(failed.response.status).toBe(503);
    expect(waits).toHaveLength(5);
    expect(await packageCount(sandbox.x)).toBe(0);
  });
});

describe('the typed XCover client retrying against the rate limit', () => {
  const { waits, clientWithRetries, journal } = useRetrySandbox({
    rateLimit: { requests: 2, perSeconds: 60 },
  });

  it('honours the rate limit’s Retry-After and its X-Ratelimit headers', async () => {
    const client = clientWithRetries();
    const list = () =>
      client.GET('/partners/{partner_code}/bookings/', {
        params: { path: { partner_code: PARTNER }, query: { limit: 1 } },
      });
    expect((await list()).response.status).toBe(200);
    expect((await list()).response.status).toBe(200);
    const third = await list();
    expect(third.response.status).toBe(200);
    // The window of 60 s opened at 05:28:00; at 05:28:50 the limiter asked for 10 s.
    expect(waits).toEqual([10_000]);
    const limited = (await journal()).find((entry) => entry.status === 429);
    expect(limited?.reason).toBe('XCOVER_RATE_LIMITED');
    expect(limited?.response.headers).toMatchObject({
      'retry-after': '10',
      'x-ratelimit-limit': '2',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Date.parse('2030-05-01T05:29:00Z') / 1000),
    });
    expect(limited?.response.body).toMatchObject({ type: 'throttled' });
  });
});
