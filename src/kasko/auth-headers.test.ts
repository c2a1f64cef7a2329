import { kaskoAuthorization, kaskoBasicAuthorization, kaskoBearerAuthorization } from './auth-headers';

describe('KASKO auth headers', () => {
  it('sends the secret key as the Basic user name with an empty password, or as a Bearer token', () => {
    expect(kaskoBasicAuthorization('sk_test_abc')).toBe(
      `Basic ${Buffer.from('sk_test_abc:').toString('base64')}`,
    );
    expect(kaskoBearerAuthorization('sk_test_abc')).toBe('Bearer sk_test_abc');
    expect(kaskoAuthorization('sk_test_abc')).toBe(kaskoBasicAuthorization('sk_test_abc'));
    expect(kaskoAuthorization('sk_test_abc', 'bearer')).toBe('Bearer sk_test_abc');
  });
});
