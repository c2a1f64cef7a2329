import { bodyDigestHex, reserialisedBodies } from './body-digest';

describe('bodyDigestHex', () => {
  it('is the lower-case hex SHA-256 of the exact bytes', () => {
    expect(bodyDigestHex('{"foo":"bar"}')).toBe(
      '7a38bf81f383f69433ad6e900d35b3e2385593f76a7b7ab5d4355b8ba41ee24b',
    );
    expect(bodyDigestHex(Buffer.from('{"foo":"bar"}'))).toHaveLength(64);
  });
});

describe('reserialisedBodies', () => {
  it('lists compact, Python-style and sorted forms that differ from the body sent', () => {
    const variants = reserialisedBodies(Buffer.from('{ "b": 1, "a": [1, 2] }')).map(String);
    expect(variants).toEqual(['{"b":1,"a":[1,2]}', '{"b": 1, "a": [1, 2]}', '{"a":[1,2],"b":1}']);
  });

  it('leaves out the form sent and answers nothing for a body that is no JSON', () => {
    expect(reserialisedBodies(Buffer.from('{"a":1}')).map(String)).toEqual(['{"a": 1}']);
    expect(reserialisedBodies(Buffer.from('not json'))).toEqual([]);
  });

  it('keeps escaped newlines inside strings', () => {
    expect(reserialisedBodies(Buffer.from('{"a":"x\\ny","b":{}}')).map(String)).toEqual([
      '{"a": "x\\ny", "b": {}}',
    ]);
  });
});
