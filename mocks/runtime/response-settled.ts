import type { ServerResponse } from 'node:http';

/**
 * Calls back once a response is over: `delivered` is true when it was written out in full, false when its
 * connection closed first (the client went away, or shutdown reset it after the drain limit). The log and the
 * journal wait for this, so they say what the client actually got, not what a handler meant. One listener:
 * Node emits 'close' on every response, right after 'finish' when it was written out, and `writableFinished`
 * tells the two apart.
 */
export function onResponseSettled(res: ServerResponse, settled: (delivered: boolean) => void): void {
  // `on`, not `once`: 'close' comes once per response, and `once` would wrap the listener on every request.
  res.on('close', () => settled(res.writableFinished));
}
