import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** How one attempt ended: the receiver's status, or why no status came back. */
export type AttemptOutcome = { readonly status: number } | { readonly error: string };

const MAX_ERROR_LENGTH = 200;

/**
 * POSTs `body` once and never rejects: a refused connection, a reset, a timeout or a cancellation is an
 * outcome like a status. Redirects are not followed (a 3xx is the outcome). The response body is not read:
 * the socket is closed as soon as the status arrives, so a receiver cannot hold it open.
 */
export function postOnce(
  url: URL,
  headers: Readonly<Record<string, string>>,
  body: Buffer,
  timeoutMs: number,
  cancel: AbortSignal,
): Promise<AttemptOutcome> {
  if (cancel.aborted) return Promise.resolve({ error: 'cancelled' });
  return new Promise((resolve) => {
    let request: ClientRequest | undefined;
    let finished = false;
    const finish = (outcome: AttemptOutcome): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      cancel.removeEventListener('abort', onCancel);
      request?.destroy();
      resolve(outcome);
    };
    const fail = (error: unknown): void => {
      const message = error instanceof Error ? error.message : String(error);
      finish({ error: message.slice(0, MAX_ERROR_LENGTH) });
    };
    const onCancel = (): void => fail('cancelled');
    const timer = setTimeout(() => fail(`no response within ${timeoutMs} ms`), timeoutMs);
    cancel.addEventListener('abort', onCancel, { once: true });
    try {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      request = send(url, { method: 'POST', headers, agent: false }, (response) => {
        response.on('error', () => undefined);
        finish({ status: response.statusCode ?? 0 });
      });
      // Stays attached: destroying the request after the outcome emits a late 'socket hang up'.
      request.on('error', fail);
      request.end(body);
    } catch (error) {
      fail(error);
    }
  });
}
