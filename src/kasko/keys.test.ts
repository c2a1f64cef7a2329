import { isLiveKaskoKey, kaskoKeyShape } from './keys';

describe('KASKO key shapes', () => {
  it('tells test, live and malformed keys apart', () => {
    expect(kaskoKeyShape('secret', 'sk_test_0123456789abcdefABCDEF0123456789')).toBe('test');
    expect(kaskoKeyShape('secret', 'sk_live_0123')).toBe('live');
    expect(kaskoKeyShape('secret', 'pk_test_0123')).toBe('malformed');
    expect(kaskoKeyShape('secret', 'sk_test_')).toBe('malformed');
    expect(kaskoKeyShape('public', 'pk_test_0123')).toBe('test');
    expect(isLiveKaskoKey('pk_live_x')).toBe(true);
    expect(isLiveKaskoKey('sk_test_x')).toBe(false);
  });
});
