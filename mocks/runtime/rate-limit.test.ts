import { MAX_LIMITED_CREDENTIALS, RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  const at = (iso: string) => Date.parse(iso);

  it('allows `requests` per window aligned to the epoch, per credential, then says how long to wait', () => {
    const limiter = new RateLimiter({ requests: 2, perSeconds: 60 });
    expect(limiter.take('a', at('2030-01-01T00:00:10Z'))).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.take('a', at('2030-01-01T00:00:20Z'))).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take('a', at('2030-01-01T00:00:30.5Z'))).toEqual({
      allowed: false,
      limit: 2,
      remaining: 0,
      resetAtMs: at('2030-01-01T00:01:00Z'),
      retryAfterSeconds: 30,
    });
    expect(limiter.take('b', at('2030-01-01T00:00:30Z')).allowed).toBe(true);
    expect(limiter.take('a', at('2030-01-01T00:01:00Z'))).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('forgets the least recently seen credential past its bound, and everything on clear', () => {
    const limiter = new RateLimiter({ requests: 1, perSeconds: 60 });
    limiter.take('first', 0);
    for (let index = 0; index < MAX_LIMITED_CREDENTIALS; index++) limiter.take(`k${index}`, 0);
    expect(limiter.take('first', 0).allowed).toBe(true);
    limiter.clear();
    expect(limiter.take('k5', 0).allowed).toBe(true);
  });
});
