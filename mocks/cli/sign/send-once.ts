import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Statuses whose answer has no body (a `Response` refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * One request on its own connection, closed after the answer: a short-lived command (`sign --exec`) then exits
 * at once, where fetch's pooled keep-alive connection would hold the process open for seconds. Answers a
 * fetch `Response`, so callers (Kigo's session) take it as fetch's.
 */
export function sendOnce(
  url: URL,
  init: { method: string; headers: Headers; body?: Buffer | undefined },
): Promise<Response> {
  const headers: OutgoingHttpHeaders = {};
  init.headers.forEach((value, name) => (headers[name] = value));
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      { method: init.method, headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const answer = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : [value ?? '']) answer.append(name, one);
          }
          const status = response.statusCode ?? 0;
          resolve(
            new Response(NO_BODY.has(status) ? null : Buffer.concat(chunks), {
              status,
              statusText: response.statusMessage ?? '',
              headers: answer,
            }),
          );
        });
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
}
