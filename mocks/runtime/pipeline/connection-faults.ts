import type { ServerResponse } from 'node:http';
import type { ConnectionFault } from '../faults';
import { pause } from '../latency';

/** How long a trickled body takes when the rule does not say (2 s): slow enough for a client's timeout to show. */
export const DEFAULT_TRICKLE_MS = 2000;
/** A trickled body comes in at most this many pieces. */
const TRICKLE_PIECES = 20;

/**
 * Breaks an answer's delivery as `fault` says, once its status and headers are set on `res` and its body is
 * `text`. Returns the body text as the client got it (for the journal). The client sees what a broken network
 * or gateway gives: no answer at all (`drop`), part of the body then a TCP reset (`reset`) or a clean close
 * (`truncate`, with the whole length announced), a complete answer whose body does not parse (`malformed`), or
 * the whole body a few bytes at a time (`trickle`).
 */
export async function deliverBroken(
  res: ServerResponse,
  text: string,
  fault: ConnectionFault,
  trickleMs = DEFAULT_TRICKLE_MS,
): Promise<string | undefined> {
  const socket = res.socket;
  const bytes = Buffer.from(text);
  const half = bytes.subarray(0, Math.floor(bytes.length / 2));
  switch (fault) {
    case 'drop':
      socket?.destroy();
      return undefined;
    case 'reset':
    case 'truncate': {
      res.setHeader('Content-Length', String(bytes.length));
      // Keep-alive would let the client wait for the rest on a reused connection; this one ends here.
      res.setHeader('Connection', 'close');
      res.flushHeaders();
      await writeAndWait(res, half);
      if (fault === 'reset') socket?.resetAndDestroy();
      else socket?.destroySoon();
      return half.toString('utf8');
    }
    case 'malformed': {
      const broken = Buffer.concat([half, Buffer.from('\u0000<malformed')]);
      res.setHeader('Content-Length', String(broken.length));
      res.end(broken);
      return broken.toString('utf8');
    }
    case 'trickle': {
      res.setHeader('Content-Length', String(bytes.length));
      res.flushHeaders();
      const pieces = Math.max(1, Math.min(TRICKLE_PIECES, bytes.length));
      const size = Math.ceil(bytes.length / pieces);
      for (let offset = 0; offset < bytes.length; offset += size) {
        if (res.destroyed) return text;
        await pause(trickleMs / pieces);
        await writeAndWait(res, bytes.subarray(offset, offset + size));
      }
      res.end();
      return text;
    }
  }
}

function writeAndWait(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (chunk.length === 0 || res.destroyed) return resolve();
    res.write(chunk, () => resolve());
  });
}
