import { RevokedKeys } from './revoked-keys';

describe('RevokedKeys', () => {
  it('revokes keys in force only, until cleared', () => {
    const keys = new RevokedKeys(['sk_test_a', 'sk_test_b']);
    expect(keys.revoke('sk_test_a')).toBe(true);
    expect(keys.revoke('unknown')).toBe(false);
    expect(keys.has('sk_test_a')).toBe(true);
    expect(keys.has('sk_test_b')).toBe(false);
    expect(keys.has('unknown')).toBe(false);
    keys.clear();
    expect(keys.has('sk_test_a')).toBe(false);
  });

  it('takes the revocations from elsewhere, keeping only keys in force', () => {
    const keys = new RevokedKeys(['sk_test_a', 'sk_test_b']);
    keys.revoke('sk_test_a');
    keys.replaceWith(['sk_test_b', 'unknown']);
    expect([keys.has('sk_test_a'), keys.has('sk_test_b'), keys.has('unknown'), keys.size]).toEqual([
      false,
      true,
      false,
      1,
    ]);
  });
});
