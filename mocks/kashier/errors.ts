import type { ErrorRequest, ProviderErrorDetails, ValidationErrorDetails } from '../runtime/provider';
import { MORE_VIOLATIONS, type Violation } from '../runtime/validation/violations';
import { WEB_URL_FORMAT } from '../runtime/web-url';
import { escapeHtml, page } from './html';

/** The gateway's answer to a missing or bad key, as seen live for a garbage key. */
export const GATEWAY_UNAUTHORIZED = { error: 'Authorization error', message: 'Invalid token' } as const;

/** Arabic texts by status: Kashier's messages are bilingual; these wordings are inferred. */
const ARABIC: Readonly<Record<number, string>> = {
  400: 'البيانات المرسلة غير صحيحة',
  403: 'ليس لديك صلاحية لتنفيذ هذه العملية',
  404: 'العنصر غير موجود',
  409: 'لا يمكن إتمام العملية',
};

/** Kashier's messages pair: English and Arabic. */
export function messagesOf(english: string, status: number): { en: string; ar: string } {
  return { en: english, ar: ARABIC[status] ?? 'حدث خطأ، يرجى المحاولة مرة أخرى' };
}

/** 401s come from the API gateway in its own shape; everything else in Kashier's failure envelope. */
export function kashierErrorBody({ status, message, errors }: ProviderErrorDetails): unknown {
  if (status === 401) return GATEWAY_UNAUTHORIZED;
  const extra = (errors ?? {}) as { details?: string[]; sessionUrl?: string };
  return {
    status: 'FAILURE',
    error: { cause: message, ...(extra.details ? { details: extra.details } : {}) },
    messages: messagesOf(message, status),
    ...(extra.sessionUrl !== undefined ? { sessionUrl: extra.sessionUrl } : {}),
  };
}

/** The operations a browser drives: their refusals are pages, with the reason shown. */
const PAGE_OPERATIONS = new Set([
  'openCheckout',
  'openSessionCheckout',
  'submitCheckout',
  'completeChallenge',
]);

export function kashierErrorPage({ message, reason }: ProviderErrorDetails, request: ErrorRequest) {
  if (request.operationId === undefined || !PAGE_OPERATIONS.has(request.operationId)) return undefined;
  return page(
    'Payment refused',
    `<h1>${escapeHtml(message)}</h1><p>Reason: <span class="reason" id="reason">${escapeHtml(reason)}</span></p>`,
  );
}

/** A field path as Joi names it: `"transaction.amount"`, `"[0].invoiceItems[1].subTotal"`. */
function joiLabel(field: readonly (string | number)[]): string {
  return field
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}

/** Joi's wording of one violation (Kashier validates with Joi, as its messages show). */
function joiMessage({ field, keyword, params, message }: Violation): string {
  if (keyword === MORE_VIOLATIONS) return message;
  const label = `"${joiLabel(field) || 'value'}"`;
  switch (keyword) {
    case 'required':
      return `${label} is required`;
    case 'additionalProperties':
      return `${label} is not allowed`;
    case 'type':
      return `${label} must be a ${String(params.type).split(',')[0]}`;
    case 'enum':
      return `${label} must be one of [${((params.allowedValues ?? []) as unknown[]).join(', ')}]`;
    case 'format':
      return params.format === 'uri' || params.format === WEB_URL_FORMAT
        ? `${label} must be a valid URL`
        : `${label} must be a valid ${String(params.format)}`;
    case 'pattern':
      return `${label} with value fails to match the required pattern`;
    case 'minLength':
      return `${label} is not allowed to be empty`;
    case 'maxLength':
      return `${label} length must be less than or equal to ${String(params.limit)} characters long`;
    case 'minItems':
      return `${label} must contain at least ${String(params.limit)} items`;
    case 'maxItems':
      return `${label} must contain less than or equal to ${String(params.limit)} items`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `${label} must be greater than ${String(params.limit)}`;
    case 'maximum':
      return `${label} must be less than or equal to ${String(params.limit)}`;
    case 'oneOf':
      return `${label} contains a conflict between exclusive peers`;
    default:
      return `${label} is invalid`;
  }
}

/** Spec violations as Kashier reports them: 400, Joi's message for the first, all of them in `details`. */
export function kashierValidationError(violations: readonly Violation[]): ValidationErrorDetails {
  const messages = violations.map(joiMessage);
  return { status: 400, message: messages[0] ?? 'Bad request', errors: { details: messages } };
}
