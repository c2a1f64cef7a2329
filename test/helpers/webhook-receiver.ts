import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver got it. */
export interface ReceivedWebhook {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
}

/** A status to answer with, or 'hang': never answer (until the receiver closes), to provoke a timeout. */
export type ReceiverAnswer = number | 'hang';

export interface WebhookReceiver {
  /** The base URL, e.g. http://127.0.0.1:40123; any path is accepted. */
  readonly url: string;
  /** Every request so far, oldest first. */
  readonly received: readonly ReceivedWebhook[];
  /** Answers the next requests with these, one each, then goes back to the default answer. */
  answerNext(...answers: ReceiverAnswer[]): void;
  /** Resolves with the requests once at least `count` have arrived (each recorded before it is answered). */
  waitFor(count: number): Promise<readonly ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A real HTTP server on an ephemeral loopback port that records what webhooks deliver. */
export async function startWebhookReceiver(defaultAnswer: ReceiverAnswer = 200): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const queued: ReceiverAnswer[] = [];
  let waiters: { count: number; resolve: (all: readonly ReceivedWebhook[]) => void }[] = [];

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        rawBody: Buffer.concat(chunks),
      });
      const answer = queued.shift() ?? defaultAnswer;
      if (answer !== 'hang') response.writeHead(answer).end();
      const ready = waiters.filter((waiter) => received.length >= waiter.count);
      waiters = waiters.filter((waiter) => received.length < waiter.count);
      for (const waiter of ready) waiter.resolve([...received]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerNext: (...answers) => void queued.push(...answers),
    waitFor: (count) =>
      received.length >= count
        ? Promise.resolve([...received])
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
