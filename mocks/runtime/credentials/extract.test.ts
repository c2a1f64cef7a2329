import fc from 'fast-check';
import { apiKeyHeader, apiKeyQuery, basicCredentials, bearerToken, rawAuthorization } from './extract';

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('basicCredentials', () => {
  it('reads user and an empty password, as secret-key APIs send them', () => {
    expect(basicCredentials({ authorization: basic('sk_test_123:') })).toEqual({
      kind: 'present',
      user: 'sk_test_123',
      password: '',
    });
  });

  it('matches the scheme case-insensitively and keeps colons in the password', () => {
    const header = `bAsIc ${Buffer.from('u:p:q').toString('base64')}`;
    expect(basicCredentials({ authorization: header })).toMatchObject({ user: 'u', password: 'p:q' });
  });

  it('is missing without Authorization or with another scheme', () => {
    expect(basicCredentials({})).toEqual({ kind: 'missing' });
    expect(basicCredentials({ authorization: 'Bearer abc' })).toEqual({ kind: 'missing' });
  });

  it('is malformed when empty, not base64, or without a colon', () => {
    expect(basicCredentials({ authorization: 'Basic' }).kind).toBe('malformed');
    expect(basicCredentials({ authorization: 'Basic !!!' }).kind).toBe('malformed');
    expect(basicCredentials({ authorization: basic('no-colon') }).kind).toBe('malformed');
  });

  it('reads back any user without a colon and any password (property)', () => {
    fc.assert(
      fc.property(
        fc.string().filter((user) => !user.includes(':')),
        fc.string(),
        (user, password) => {
          const read = basicCredentials({ authorization: basic(`${user}:${password}`) });
          expect(read).toEqual({ kind: 'present', user, password });
        },
      ),
    );
  });
});

describe('bearerToken', () => {
  it('reads the token', () => {
    expect(bearerToken({ authorization: 'Bearer sk_test_abc' })).toEqual({
      kind: 'present',
      token: 'sk_test_abc',
    });
  });

  it('is missing for another scheme and malformed for an empty or spaced token', () => {
    expect(bearerToken({ authorization: 'Basic abc=' })).toEqual({ kind: 'missing' });
    expect(bearerToken({ authorization: 'Bearer ' }).kind).toBe('malformed');
    expect(bearerToken({ authorization: 'Bearer a b' }).kind).toBe('malformed');
  });

  it('never throws, whatever the header (property)', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const read = bearerToken({ authorization: value });
        expect(['missing', 'malformed', 'present']).toContain(read.kind);
      }),
    );
  });
});

describe('rawAuthorization', () => {
  it('gives the header value as it is (keys with $ and no scheme)', () => {
    expect(rawAuthorization({ authorization: 'abc$def' })).toEqual({ kind: 'present', value: 'abc$def' });
  });

  it('is missing without the header and malformed when blank', () => {
    expect(rawAuthorization({})).toEqual({ kind: 'missing' });
    expect(rawAuthorization({ authorization: '  ' }).kind).toBe('malformed');
  });
});

describe('apiKeyHeader and apiKeyQuery', () => {
  it('read the key', () => {
    expect(apiKeyHeader({ 'x-api-key': 'k1' }, 'x-api-key')).toEqual({ kind: 'present', key: 'k1' });
    expect(apiKeyQuery({ key: 'pk_test_1' }, 'key')).toEqual({ kind: 'present', key: 'pk_test_1' });
  });

  it('tell missing, empty and repeated apart', () => {
    expect(apiKeyHeader({}, 'x-api-key')).toEqual({ kind: 'missing' });
    expect(apiKeyHeader({ 'x-api-key': '' }, 'x-api-key').kind).toBe('malformed');
    expect(apiKeyQuery({}, 'key')).toEqual({ kind: 'missing' });
    expect(apiKeyQuery({ key: '' }, 'key').kind).toBe('malformed');
    expect(apiKeyQuery({ key: ['a', 'b'] }, 'key').kind).toBe('malformed');
  });

  it('do not read through the object prototype', () => {
    expect(apiKeyQuery({}, 'constructor')).toEqual({ kind: 'missing' });
  });
});
