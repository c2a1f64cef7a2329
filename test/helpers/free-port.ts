import { createServer } from 'node:net';

/**
 * Below Linux's ephemeral range (32768-60999 here): a port the OS picks for `listen(0)` is also what it gives the
 * next outgoing connection, so between our check and a child process's bind, one of the suite's many client
 * sockets could take it (a test failing one run in many with "port in use"). Only an explicit bind takes these.
 */
const LOWEST = 10_000;
const HIGHEST = 32_767;

/** A port that was free on 127.0.0.1 a moment ago, outside the range the OS hands out by itself. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST + 1));
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${HIGHEST}`);
}

/** Resolves true once the port can be listened on again on 127.0.0.1 (every server on it is closed). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
