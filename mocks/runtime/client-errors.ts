import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { AnyProviderDefinition } from './provider';
import { publishReason } from './reason-channel';
import { reasonCatalogueOf, runtimeReasonCode, type RuntimeReason } from './reasons';

/**
 * Every reason a request is refused with for how it is framed on the wire (here and in
 * `request-framing.ts`): answered before the pipeline, so no journal entry records them. `framingRejection`
 * takes no other, so a new framing refusal is listed here or does not compile.
 */
export const FRAMING_REASONS = [
  'HOST_HEADER_INVALID',
  'TRANSFER_ENCODING_INVALID',
  'MALFORMED_REQUEST',
  'HEADERS_TOO_LARGE',
] as const satisfies readonly RuntimeReason[];

export type FramingReason = (typeof FRAMING_REASONS)[number];

/** Whether `code`, as `provider` answered it, refused the request for its framing. */
export function isFramingReasonCode(provider: { name: string }, code: string): boolean {
  return FRAMING_REASONS.some((reason) => runtimeReasonCode(provider.name, reason) === code);
}

/**
 * A request refused for how it is framed on the wire, before any route or control endpoint sees it: the
 * provider's error body with the reason code, and the connection closed, since what follows on it cannot be
 * trusted to start a new request.
 */
export interface FramingRejection {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function framingRejection(
  provider: AnyProviderDefinition,
  status: number,
  reason: FramingReason,
  message: string,
): FramingRejection {
  const code = runtimeReasonCode(provider.name, reason);
  const body = JSON.stringify(provider.errorBody({ status, reason: code, message }));
  return {
    status,
    headers: {
      ...provider.perResponseHeaders?.(),
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'X-Sandbox-Reason': code,
      Connection: 'close',
    },
    body,
  };
}

/**
 * Requests Node cannot even parse (a broken request line, headers over its limit) still get an answer in the
 * provider's error shape with a reason code, where Node would send a bare `400 Bad Request`. Other client
 * errors (timeouts, resets) keep Node's own handling.
 */
export function answerUnparsableRequests(server: Server, provider: AnyProviderDefinition): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const parseError = error.code?.startsWith('HPE_') ?? false;
    if (!parseError || !socket.writable) {
      if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && socket.writable) {
        socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n');
      } else {
        socket.destroy();
      }
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const { status, headers, body } = tooLarge
      ? framingRejection(provider, 431, 'HEADERS_TOO_LARGE', 'Request headers too large.')
      : framingRejection(provider, 400, 'MALFORMED_REQUEST', 'Malformed HTTP request.');
    publishReason(provider.name, headers['X-Sandbox-Reason'] as string, status, reasonCatalogueOf(provider));
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
        '',
        body,
      ].join('\r\n'),
    );
  });
}
