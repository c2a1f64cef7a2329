import type { Violation } from '../runtime/validation/violations';
import { API_ERROR_MESSAGE, xcoverErrorBody, xcoverFaultBody, xcoverValidationError } from './errors';

function violation(
  field: (string | number)[],
  keyword: string,
  params: Record<string, unknown> = {},
): Violation {
  return { in: 'body', field, keyword, message: `ajv: ${keyword}`, params };
}

const errorsOf = (...violations: Violation[]) => xcoverValidationError(violations).errors;

describe('xcoverValidationError', () => {
  it('answers 422 with the recorded message', () => {
    expect(xcoverValidationError([violation(['currency'], 'required')])).toEqual({
      status: 422,
      message: API_ERROR_MESSAGE,
      errors: { currency: ['This field is required.'] },
    });
    expect(API_ERROR_MESSAGE).toBe('An API error occurred.');
  });

  it('reports an unknown top-level field as the plain string "Unexpected field"', () => {
    expect(errorsOf(violation(['surprise'], 'additionalProperties'))).toEqual({
      surprise: 'Unexpected field',
    });
  });

  it('reports a field named __proto__ as its own key, at the top or nested, without touching prototypes', () => {
    const errors = errorsOf(
      violation(['__proto__'], 'additionalProperties'),
      violation(['quotes', 0, '__proto__', 'polluted'], 'type', { type: 'string' }),
    );
    expect(JSON.stringify(errors)).toBe(
      '{"__proto__":"Unexpected field","quotes":[{"__proto__":{"polluted":["Not a valid string."]}}]}',
    );
    expect(Object.getPrototypeOf(errors)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports an unknown nested field as a message list at its place', () => {
    expect(errorsOf(violation(['policyholder', 'surprise'], 'additionalProperties'))).toEqual({
      policyholder: { surprise: ['Unexpected field'] },
    });
  });

  it('nests errors under list items, earlier items without errors shown as {}', () => {
    expect(errorsOf(violation(['request', 1, 'policy_type'], 'required'))).toEqual({
      request: [{}, { policy_type: ['This field is required.'] }],
    });
    expect(errorsOf(violation(['request', 2, 'tickets', 1, 'price'], 'type', { type: 'number' }))).toEqual({
      request: [{}, {}, { tickets: [{}, { price: ['A valid number is required.'] }] }],
    });
  });

  it('reports a list that fails as a whole without its items, in either order', () => {
    const whole = violation(['quotes'], 'maxItems', { limit: 2 });
    const item = violation(['quotes', 0, 'id'], 'format', { format: 'uuid' });
    const message = 'Ensure this field has no more than 2 elements.';
    expect(errorsOf(whole, item)).toEqual({ quotes: [message] });
    expect(errorsOf(item, whole)).toEqual({ quotes: [message] });
  });

  it('collects several messages for one field and merges siblings', () => {
    expect(
      errorsOf(
        violation(['request', 0, 'policy_start_date'], 'format', { format: 'date-time' }),
        violation(['request', 0, 'policy_start_date'], 'minLength', { limit: 1 }),
        violation(['request', 0, 'policy_type'], 'required'),
        violation(['currency'], 'enum'),
      ),
    ).toEqual({
      request: [
        {
          policy_start_date: ['Datetime has wrong format.', 'This field may not be blank.'],
          policy_type: ['This field is required.'],
        },
      ],
      currency: ['Not a valid choice.'],
    });
  });

  it('puts errors about the whole body under non_field_errors', () => {
    expect(errorsOf(violation([], 'type', { type: 'object' }))).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary.'],
    });
  });

  it('words a phone pattern failure as XCover does, other patterns generically', () => {
    expect(errorsOf(violation(['policyholder', 'phone'], 'pattern', { pattern: '^\\+' }))).toEqual({
      policyholder: { phone: ['The phone number should start with "+" character'] },
    });
    expect(errorsOf(violation(['policyholder', 'postcode'], 'pattern'))).toEqual({
      policyholder: { postcode: ['Enter a valid value.'] },
    });
  });

  it.each([
    ['integer', 'A valid integer is required.'],
    ['number', 'A valid number is required.'],
    ['boolean', 'Must be a valid boolean.'],
    ['array', 'Expected a list of items.'],
    ['object', 'Invalid data. Expected a dictionary.'],
    ['string', 'Not a valid string.'],
    ['integer,null', 'A valid integer is required.'],
    ['string,null', 'Not a valid string.'],
  ])('words a type error expecting %s as DRF does', (type, message) => {
    expect(errorsOf(violation(['x'], 'type', { type }))).toEqual({ x: [message] });
  });

  it.each([
    [{ keyword: 'format', params: { format: 'date' } }, 'Date has wrong format. Use YYYY-MM-DD.'],
    [{ keyword: 'format', params: { format: 'email' } }, 'Enter a valid email address.'],
    [{ keyword: 'format', params: { format: 'uuid' } }, 'Must be a valid UUID.'],
    [{ keyword: 'format', params: { format: 'uri' } }, 'Enter a valid value.'],
    [{ keyword: 'minItems', params: { limit: 1 } }, 'This list may not be empty.'],
    [{ keyword: 'minProperties', params: { limit: 1 } }, 'At least one field is required.'],
    [{ keyword: 'minimum', params: { limit: 0 } }, 'Ensure this value is greater than or equal to 0.'],
    [{ keyword: 'maximum', params: { limit: 10 } }, 'Ensure this value is less than or equal to 10.'],
    [{ keyword: 'maxLength', params: { limit: 5 } }, 'Ensure this field has no more than 5 characters.'],
    [{ keyword: 'const', params: {} }, 'Invalid value.'],
  ])('words %j', ({ keyword, params }, message) => {
    expect(errorsOf(violation(['x'], keyword, params))).toEqual({ x: [message] });
  });
});

describe('xcoverErrorBody', () => {
  it.each([
    [400, 'parse_error'],
    [401, 'authentication_error'],
    [404, 'not_found'],
    [405, 'method_not_allowed'],
    [413, 'payload_too_large'],
    [415, 'unsupported_media_type'],
    [422, 'validation_error'],
    [423, 'locked'],
    [429, 'throttled'],
    [500, 'server_error'],
    [503, 'server_error'],
    [403, 'error'],
    [409, 'error'],
  ])('types a %i as %s', (status, type) => {
    expect(xcoverErrorBody({ status, reason: 'R', message: 'm' })).toEqual({
      type,
      message: 'm',
      errors: [],
    });
  });

  it('passes the errors through, leaves the reason code out', () => {
    expect(
      xcoverErrorBody({ status: 422, reason: 'XCOVER_X', message: API_ERROR_MESSAGE, errors: { a: ['b'] } }),
    ).toEqual({ type: 'validation_error', message: API_ERROR_MESSAGE, errors: { a: ['b'] } });
    expect(xcoverErrorBody({ status: 401, reason: 'R', message: 'no', errors: ['Bad signature'] })).toEqual({
      type: 'authentication_error',
      message: 'no',
      errors: ['Bad signature'],
    });
  });
});

describe('xcoverFaultBody', () => {
  it("answers a 5xx as staging's gateway did: {}", () => {
    expect(xcoverFaultBody({ status: 502, reason: 'R', message: 'm' })).toEqual({});
    expect(xcoverFaultBody({ status: 500, reason: 'R', message: 'm' })).toEqual({});
  });

  it("answers a 4xx in XCover's error envelope", () => {
    expect(xcoverFaultBody({ status: 429, reason: 'R', message: 'm' })).toEqual({
      type: 'throttled',
      message: 'm',
      errors: [],
    });
  });
});
