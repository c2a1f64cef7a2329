import fc from 'fast-check';
import { ContractError } from './contract-error';
import { ANY, formatJsonPath, parseJsonPath } from './json-path';

describe('parseJsonPath', () => {
  it('reads the steps Pact writes', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.quotes[0].id')).toEqual(['quotes', 0, 'id']);
    expect(parseJsonPath('$.quotes[*].price')).toEqual(['quotes', ANY, 'price']);
    expect(parseJsonPath("$['a.b'].*")).toEqual(['a.b', ANY]);
  });

  it('refuses what it cannot read', () => {
    for (const path of ['quotes', '$..x', '$[x]', '$.a[', "$['a"]) {
      expect(() => parseJsonPath(path)).toThrow(ContractError);
    }
  });

  it('reads back every path it formats', () => {
    const token = fc.oneof(fc.string({ maxLength: 8 }), fc.nat({ max: 1000 }));
    fc.assert(
      fc.property(fc.array(token, { maxLength: 6 }), (tokens) => {
        expect(parseJsonPath(formatJsonPath(tokens))).toEqual(tokens);
      }),
    );
  });

  it('never throws anything but a ContractError', () => {
    fc.assert(
      fc.property(fc.string(), (path) => {
        try {
          parseJsonPath(path);
        } catch (error) {
          expect(error).toBeInstanceOf(ContractError);
        }
      }),
    );
  });
});
