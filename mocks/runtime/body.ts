import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export type BodyReadResult =
  | { readonly ok: true; readonly raw: Buffer }
  | { readonly ok: false; readonly tooLarge: true }
  /** The client went away before the body was complete: there is nobody to answer. */
  | { readonly ok: false; readonly aborted: true };

/**
 * Reads the request body as raw bytes (signatures are verified over exactly these), refusing anything over
 * the limit without buffering it: a declared Content-Length over the limit is refused before reading.
 */
export function readRawBody(request: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<BodyReadResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    return Promise.resolve({ ok: false, tooLarge: true });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (done) return;
      done = true;
      resolve({ ok: true, raw: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) });
    });
    request.on('error', () => {
      if (done) return;
      done = true;
      resolve({ ok: false, aborted: true });
    });
  });
}

export type JsonParseResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly detail: string };

/** Parses a JSON body; an empty body reads as an empty object, as the providers' frameworks treat it. */
export function parseJsonBody(raw: Buffer): JsonParseResult {
  if (raw.length === 0) return { ok: true, value: {} };
  if (!isUtf8(raw)) return { ok: false, detail: 'the body is not valid UTF-8' };
  const text = raw.toString('utf8');
  if (!/\S/.test(text)) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}
