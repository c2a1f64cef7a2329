import fc from 'fast-check';
import { MAX_WORKERS, parseStateUrl, parseWorkers, redactStateUrl, StateUrlError } from './state-url';

describe('parseStateUrl', () => {
  test('memory, and Redis URLs with their defaults', () => {
    expect(parseStateUrl('memory')).toEqual({ kind: 'memory' });
    expect(parseStateUrl('redis://127.0.0.1')).toMatchObject({
      host: '127.0.0.1',
      port: 6379,
      db: 0,
      tls: false,
    });
    expect(parseStateUrl('rediss://cache.example:6380/2')).toMatchObject({
      host: 'cache.example',
      port: 6380,
      db: 2,
      tls: true,
      username: undefined,
      password: undefined,
    });
    expect(parseStateUrl('redis://[::1]:7000/0')).toMatchObject({ host: '::1', port: 7000 });
  });

  test('credentials are decoded for the client and redacted in what is shown', () => {
    const parsed = parseStateUrl('redis://team:p%40ss%2Fword@redis.internal:6379/1');
    expect(parsed).toMatchObject({ username: 'team', password: 'p@ss/word', db: 1 });
    expect(parsed.kind === 'redis' && parsed.shown).toBe('redis://team:***@redis.internal:6379/1');
    expect(parseStateUrl('redis://:secret@h/0')).toMatchObject({ username: undefined, password: 'secret' });
  });

  test.each([
    ['http://127.0.0.1:6379', /redis:\/\/ or rediss:\/\//],
    ['redis://h/16x', /database is a number/],
    ['redis://h/256', /database is a number/],
    ['redis://h/0?password=x', /no query/],
    ['6379', /"memory" or redis:\/\//],
    ['redis://', /"memory" or redis:\/\/|names no host/],
  ])('%s is refused', (text, message) => {
    expect(() => parseStateUrl(text)).toThrow(StateUrlError);
    expect(() => parseStateUrl(text)).toThrow(message);
  });

  test('a refusal never shows the password, however malformed the URL', () => {
    expect(() => parseStateUrl('redis://u:topsecret@h:99999/0')).toThrow(/^(?!.*topsecret)/s);
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => !/[/@?#\s%\\]/.test(s)),
        (password) => {
          const text = `redis://user:${password}@host:notaport/0`;
          let message = '';
          try {
            parseStateUrl(text);
          } catch (error) {
            message = (error as Error).message;
          }
          expect(message).not.toContain(`:${password}@`);
        },
      ),
    );
  });
});

describe('redactStateUrl', () => {
  test('replaces the password only', () => {
    expect(redactStateUrl('redis://u:pw@h:1/2')).toBe('redis://u:***@h:1/2');
    expect(redactStateUrl('redis://h:1/2')).toBe('redis://h:1/2');
    expect(redactStateUrl('not a url //user:pw@host')).toBe('not a url //***@host');
  });
});

describe('parseWorkers', () => {
  const redis = parseStateUrl('redis://127.0.0.1:6379/0');
  test('1 to MAX_WORKERS with Redis state', () => {
    expect(parseWorkers('1', redis)).toBe(1);
    expect(parseWorkers(String(MAX_WORKERS), redis)).toBe(MAX_WORKERS);
    for (const bad of ['0', '33', '-1', '2.5', 'two', ''])
      expect(() => parseWorkers(bad, redis)).toThrow(/--workers must be an integer from 1 to 32/);
  });
  test('refused with in-memory state, whatever N', () => {
    expect(() => parseWorkers('4', { kind: 'memory' })).toThrow(
      /--workers needs --state redis:\/\/HOST:PORT\/DB .*in-memory state cannot be shared/,
    );
  });
});
