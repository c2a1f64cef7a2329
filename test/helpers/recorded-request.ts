import type { RecordedRequest } from '../../mocks/runtime/journal';

/** A request as the journal records it: an answered POST without bodies, changed by `overrides`. */
export function recordedRequest(overrides: Partial<RecordedRequest> = {}): RecordedRequest {
  return {
    method: 'POST',
    path: '/toy/widgets/',
    query: '',
    operationId: 'createWidget',
    status: 201,
    reason: null,
    durationMs: 3,
    headers: {},
    bodyText: undefined,
    checked: {},
    responseHeaders: {},
    responseBodyText: undefined,
    ...overrides,
  };
}
