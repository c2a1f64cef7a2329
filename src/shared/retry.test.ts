import { retryAfterMs, retryingFetch } from './retry';

describe('retryingFetch', () => {
  const answers = (...statuses: number[]) => {
    const sent: string[] = [];
    const fetch = async (request: Request) => {
      sent.push(await request.text());
      const status = statuses.shift() ?? 200;
      return new Response('{}', { status, headers: status === 429 ? { 'retry-after': '3' } : {} });
    };
    return { fetch, sent };
  };

  it('retries the listed statuses with the same body, backing off exponentially unless Retry-After says', async () => {
    const waits: number[] = [];
    const { fetch, sent } = answers(502, 429, 503);
    const retrying = retryingFetch({ sleep: async (ms) => void waits.push(ms) }, fetch);
    const response = await retrying(new Request('http://x.test/', { method: 'POST', body: 'same' }));
    expect(response.status).toBe(200);
    expect(sent).toEqual(['same', 'same', 'same', 'same']);
    expect(waits).toEqual([500, 3000, 2000]);
  });

  it('returns the last answer once its retries are spent, and never retries a status not listed', async () => {
    const spent = answers(502, 502, 502);
    const twice = retryingFetch({ retries: 2, sleep: async () => undefined }, spent.fetch);
    expect((await twice(new Request('http://x.test/'))).status).toBe(502);
    expect(spent.sent).toHaveLength(3);
    const other = answers(500);
    const once = retryingFetch({ sleep: async () => undefined }, other.fetch);
    expect((await once(new Request('http://x.test/'))).status).toBe(500);
    expect(other.sent).toHaveLength(1);
  });

  it('retries a connection failure, then rethrows it', async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new TypeError('fetch failed');
    };
    const retrying = retryingFetch({ retries: 1, sleep: async () => undefined }, failing);
    await expect(retrying(new Request('http://x.test/'))).rejects.toThrow('fetch failed');
    expect(calls).toBe(2);
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and an HTTP date; anything else is no advice', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Tue, 01 Jan 2030 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('Mon, 31 Dec 2029 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
