import type { ProviderErrorDetails, ValidationErrorDetails } from '../runtime/provider';
import { MORE_VIOLATIONS, type Violation } from '../runtime/validation/violations';

/** XCover's error `type` per status; 422 (and 400 validation) is the only one seen in recorded traffic. */
const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'parse_error',
  401: 'authentication_error',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_error',
  423: 'locked',
  429: 'throttled',
  431: 'headers_too_large',
};

/** The message XCover puts in validation errors (recorded): the details live in `errors`. */
export const API_ERROR_MESSAGE = 'An API error occurred.';

/** XCover's error envelope: `{"type", "message", "errors"}`, `errors` a field map or a list of messages. */
export function xcoverErrorBody({ status, message, errors }: ProviderErrorDetails): unknown {
  return {
    type: ERROR_TYPES[status] ?? (status >= 500 ? 'server_error' : 'error'),
    message,
    errors: errors ?? [],
  };
}

/**
 * An injected fault without a body of its own: XCover's error envelope for a 4xx, but `{}` for a 5xx, since
 * a 5xx comes from the gateway in front of XCover (staging answered the SDK's instant booking with 502 and
 * `{}`, recorded in test_auto_retry).
 */
export function xcoverFaultBody(details: ProviderErrorDetails): unknown {
  return details.status >= 500 ? {} : xcoverErrorBody(details);
}

/**
 * Spec violations as XCover (Django REST Framework behind it) reports them: 422, a field map nested as the
 * request is, "Unexpected field" for unknown top-level keys and DRF's wording for the rest.
 */
export function xcoverValidationError(violations: readonly Violation[]): ValidationErrorDetails {
  const errors = fieldMap();
  for (const violation of violations) {
    const field = [...violation.field];
    if (field.length === 0) field.push('non_field_errors');
    if (violation.keyword === 'additionalProperties' && field.length === 1) {
      errors[String(field[0])] = 'Unexpected field';
      continue;
    }
    insertMessage(errors, field, messageFor(violation));
  }
  return { status: 422, message: API_ERROR_MESSAGE, errors: fillListHoles(errors) };
}

/**
 * A map of field names without a prototype: a client's field may be named `__proto__` (JSON.parse keeps it
 * as an own key), and on a plain object that name would set the prototype instead of reporting the field.
 */
function fieldMap(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** DRF reports list items without errors as `{}`, keeping every error at its item's index. */
function fillListHoles(node: unknown): unknown {
  if (Array.isArray(node))
    return Array.from(node, (item: unknown) => (item === undefined ? {} : fillListHoles(item)));
  if (typeof node === 'object' && node !== null) {
    // Object.fromEntries defines each key as an own property, `__proto__` included.
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fillListHoles(value)]));
  }
  return node;
}

function messageFor(violation: Violation): string {
  const { keyword, params, field } = violation;
  const name = field[field.length - 1];
  switch (keyword) {
    case MORE_VIOLATIONS:
      return violation.message;
    case 'required':
      return 'This field is required.';
    case 'additionalProperties':
      return 'Unexpected field';
    case 'type':
      return typeMessage(String(params.type));
    case 'pattern':
      return name === 'phone' ? 'The phone number should start with "+" character' : 'Enter a valid value.';
    case 'format':
      return formatMessage(String(params.format));
    case 'enum':
      return 'Not a valid choice.';
    case 'minItems':
      return 'This list may not be empty.';
    case 'maxItems':
      return `Ensure this field has no more than ${String(params.limit)} elements.`;
    case 'minProperties':
      return 'At least one field is required.';
    case 'minimum':
      return `Ensure this value is greater than or equal to ${String(params.limit)}.`;
    case 'maximum':
      return `Ensure this value is less than or equal to ${String(params.limit)}.`;
    case 'minLength':
      return 'This field may not be blank.';
    case 'maxLength':
      return `Ensure this field has no more than ${String(params.limit)} characters.`;
    default:
      return 'Invalid value.';
  }
}

function typeMessage(expected: string): string {
  if (expected.includes('integer')) return 'A valid integer is required.';
  if (expected.includes('number')) return 'A valid number is required.';
  if (expected.includes('boolean')) return 'Must be a valid boolean.';
  if (expected.includes('array')) return 'Expected a list of items.';
  if (expected.includes('object')) return 'Invalid data. Expected a dictionary.';
  return 'Not a valid string.';
}

function formatMessage(format: string): string {
  switch (format) {
    case 'date-time':
      return 'Datetime has wrong format.';
    case 'date':
      return 'Date has wrong format. Use YYYY-MM-DD.';
    case 'email':
      return 'Enter a valid email address.';
    case 'uuid':
      return 'Must be a valid UUID.';
    default:
      return 'Enter a valid value.';
  }
}

/** Puts a message at a nested field path: objects for keys, lists (indexed) for array items, as DRF does. */
function insertMessage(
  errors: Record<string, unknown>,
  field: readonly (string | number)[],
  message: string,
): void {
  let node: Record<string | number, unknown> = errors;
  for (const [index, key] of field.entries()) {
    const existing = node[key];
    if (index === field.length - 1) {
      // A field's own messages accumulate; they replace any per-item errors below it (DRF checks a list
      // as a whole before its items).
      node[key] = isMessageList(existing) ? [...existing, message] : [message];
      return;
    }
    // The field already failed as a whole: its items are not reported on top.
    if (isMessageList(existing)) return;
    if (typeof existing !== 'object' || existing === null)
      node[key] = typeof field[index + 1] === 'number' ? [] : fieldMap();
    node = node[key] as Record<string | number, unknown>;
  }
}

function isMessageList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');
}
