import type { ServerResponse } from 'node:http';

/**
 * Calls back once a response is over: `delivered` is true when it was written out in full ('finish'), false
 * when its connection closed first (the client went away, or shutdown reset it after the drain limit). The
 * log and the journal wait for this, so they say what the client actually got, not what a handler meant.
 */
export function onResponseSettled(res: ServerResponse, settled: (delivered: boolean) => void): void {
  let done = false;
  const settle = (delivered: boolean) => {
    if (done) return;
    done = true;
    settled(delivered);
  };
  res.once('finish', () => settle(true));
  res.once('close', () => settle(res.writableFinished));
}
