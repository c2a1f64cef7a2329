import { getHeader, withoutHeader } from './headers';

describe('getHeader', () => {
  it('looks names up case-insensitively and trims values', () => {
    expect(getHeader({ 'X-Custom': '  a b  ' }, 'x-custom')).toBe('a b');
  });

  it('joins multiple values with ", "', () => {
    expect(getHeader({ 'x-multi': [' a', 'b '] }, 'X-Multi')).toBe('a, b');
    expect(getHeader({ 'x-multi': 'a', 'X-Multi': 'b' }, 'x-multi')).toBe('a, b');
  });

  it('treats undefined values, empty arrays and absent bags as absent', () => {
    expect(getHeader({ a: undefined, b: [] }, 'a')).toBeUndefined();
    expect(getHeader({ a: undefined, b: [] }, 'b')).toBeUndefined();
    expect(getHeader(undefined, 'a')).toBeUndefined();
  });

  it('returns an empty string for a present but empty header', () => {
    expect(getHeader({ a: '  ' }, 'a')).toBe('');
  });
});

describe('withoutHeader', () => {
  it('drops every spelling of the name and keeps the rest', () => {
    expect(withoutHeader({ Date: 'x', date: 'y', other: 'z' }, 'date')).toEqual({ other: 'z' });
  });

  it('does not let a __proto__ header touch the prototype', () => {
    const bag = JSON.parse('{"__proto__": "x", "date": "y"}') as Record<string, string>;
    const copy = withoutHeader(bag, 'date');
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
  });
});
