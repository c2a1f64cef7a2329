import type { ProviderErrorDetails, ValidationErrorDetails } from '../runtime/provider';
import { MORE_VIOLATIONS, type Violation } from '../runtime/validation/violations';

/** The error kind per status (Inferred: Kigo's error body is not public). */
const ERROR_KINDS: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  423: 'locked',
  428: 'precondition_required',
  429: 'too_many_requests',
  431: 'request_header_fields_too_large',
};

/** The sandbox's Kigo error body: `{"error": <kind>, "message", "details"?}` (Inferred). */
export function kigoErrorBody({ status, message, errors }: ProviderErrorDetails): unknown {
  return {
    error: ERROR_KINDS[status] ?? (status >= 500 ? 'internal_server_error' : 'error'),
    message,
    ...(errors === undefined ? {} : { details: errors }),
  };
}

/** Spec violations: 422 for the JSON body, as Axum's JSON extractor answers, 400 for the query and headers. */
export function kigoValidationError(violations: readonly Violation[]): ValidationErrorDetails {
  const inBody = violations.some((violation) => violation.in === 'body');
  return {
    status: inBody ? 422 : 400,
    message: inBody ? 'The request body is invalid.' : 'The query is invalid.',
    // Ajv's wording names the rule broken, never the value sent.
    errors: violations.map((violation) =>
      violation.keyword === MORE_VIOLATIONS
        ? violation.message
        : `${violation.field.join('.') || '(body)'}: ${violation.message}`,
    ),
  };
}
