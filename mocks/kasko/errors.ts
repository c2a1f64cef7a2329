import { STATUS_CODES } from 'node:http';
import type { ProviderErrorDetails, ValidationErrorDetails } from '../runtime/provider';
import { MORE_VIOLATIONS, type Violation } from '../runtime/validation/violations';

/** One invalid field, as KASKO lists them. */
export interface KaskoFieldError {
  readonly code: string;
  readonly field: string;
}

/**
 * KASKO's error body: `status` is the reason phrase ("Bad Request"), then `message`, then `errors` (the
 * invalid fields) when there are any, as the quote page's examples show.
 */
export function kaskoErrorBody({ status, message, errors }: ProviderErrorDetails): unknown {
  return {
    status: STATUS_CODES[status] ?? 'Error',
    message,
    ...(Array.isArray(errors) && errors.length > 0 ? { errors } : {}),
  };
}

/** A single invalid field, as handlers report one. */
export const invalidField = (field: string, code = 'invalid_value'): KaskoFieldError[] => [{ code, field }];

/**
 * Spec violations as KASKO words them: 400 "Data validation failed." with one `{code, field}` per field.
 * `invalid_value` is the documented code; `required` and `unknown_field` are Inferred.
 */
export function kaskoValidationError(violations: readonly Violation[]): ValidationErrorDetails {
  const errors = violations.map((violation): KaskoFieldError =>
    // Past the sandbox's cap: "and N more" in the field's place (Inferred: KASKO's limit is not public).
    violation.keyword === MORE_VIOLATIONS
      ? { code: 'more_errors', field: violation.message }
      : {
          code: codeOf(violation.keyword),
          field: violation.field.length === 0 ? violation.in : violation.field.join('.'),
        },
  );
  return { status: 400, message: 'Data validation failed.', errors };
}

function codeOf(keyword: string): string {
  if (keyword === 'required') return 'required';
  if (keyword === 'additionalProperties') return 'unknown_field';
  return 'invalid_value';
}
