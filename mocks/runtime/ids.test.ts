import fc from 'fast-check';
import { ALNUM, LOWER_HEX, newUuid, randomGroups, randomText, UPPER_ALNUM } from './ids';

describe('randomText', () => {
  it('has the length asked for, from the alphabet only', () => {
    fc.assert(
      fc.property(fc.constantFrom(UPPER_ALNUM, ALNUM, LOWER_HEX, 'ab'), fc.nat(64), (alphabet, length) => {
        const text = randomText(alphabet, length);
        expect(text).toHaveLength(length);
        for (const character of text) expect(alphabet).toContain(character);
      }),
    );
  });

  it('uses every character of the alphabet', () => {
    expect(new Set(randomText(LOWER_HEX, 2000))).toEqual(new Set(LOWER_HEX));
  });

  it('refuses an alphabet it cannot draw from', () => {
    expect(() => randomText('a', 5)).toThrow(RangeError);
    expect(() => randomText('x'.repeat(257), 5)).toThrow(RangeError);
  });
});

describe('randomGroups', () => {
  it('joins groups of the size asked for', () => {
    expect(randomGroups(UPPER_ALNUM, 2)).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(randomGroups(LOWER_HEX, 3, 4, '_')).toMatch(/^[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}$/);
  });
});

test('newUuid is a version 4 UUID', () => {
  expect(newUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
