import type { ProviderErrorDetails, ValidationErrorDetails } from '../runtime/provider';
import type { Violation } from '../runtime/validation/violations';

/** Inferred: the Google API Gateway's `{"code", "message"}`, with `errors` listing field problems. */
export function ensuroErrorBody({ status, message, errors }: ProviderErrorDetails): unknown {
  return Array.isArray(errors) ? { code: status, message, errors } : { code: status, message };
}

/** Spec violations: Ensuro documents 400 "Invalid input"; each problem names its field. */
export function ensuroValidationError(violations: readonly Violation[]): ValidationErrorDetails {
  return {
    status: 400,
    message: 'Invalid input',
    errors: violations.map(({ field, message }) =>
      field.length === 0 ? message : `${field.join('.')}: ${message}`,
    ),
  };
}
