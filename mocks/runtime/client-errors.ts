import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { AnyProviderDefinition } from './provider';
import { publishReason } from './reason-channel';
import { reasonCatalogueOf, runtimeReasonCode } from './reasons';

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
    const status = tooLarge ? 431 : 400;
    const reason = runtimeReasonCode(provider.name, tooLarge ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST');
    const message = tooLarge ? 'Request headers too large.' : 'Malformed HTTP request.';
    const body = JSON.stringify(provider.errorBody({ status, reason, message }));
    publishReason(provider.name, reason, status, reasonCatalogueOf(provider));
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Sandbox-Reason: ${reason}`,
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}
