import { toyProvider } from '../../../test/fixtures/toy-provider';
import { loadSpec } from '../spec';
import { ResponseValidator } from './response-validator';

const spec = loadSpec(toyProvider.specPath);
const validator = new ResponseValidator(spec);
const operation = (id: string) => spec.operations.find(({ operationId }) => operationId === id)!;

describe('ResponseValidator', () => {
  it('checks a bodiless status the spec lists (204) as bodiless, not against `default`', () => {
    expect(validator.validate(operation('deleteGadget'), 204, undefined)).toEqual([]);
  });

  it('checks other statuses against `default`, and a listed status against its own schema', () => {
    expect(validator.validate(operation('deleteGadget'), 404, { problem: 'gone', details: null })).toEqual(
      [],
    );
    expect(validator.validate(operation('deleteGadget'), 404, undefined)).toMatchObject([
      { in: 'body', keyword: 'type' },
    ]);
    expect(validator.validate(operation('getGadget'), 200, { id: 1 })).not.toEqual([]);
  });
});
