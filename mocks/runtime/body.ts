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

/**
 * How deeply a JSON body may nest objects and arrays (the top-level value is level 1). Real bodies nest a
 * few levels; a body nested thousands deep parses, but then breaks whatever walks it recursively
 * (JSON.stringify of an answer that echoes it, validators), so it is refused before anything reads it.
 */
export const BODY_DEPTH_LIMIT = 32;

/** Why a body nested too deeply is refused. */
export const tooDeepDetail = (depthLimit: number): string =>
  `the body nests objects and arrays deeper than ${depthLimit} levels`;

export type JsonParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: 'malformed' | 'too-deep'; readonly detail: string };

/**
 * Parses a JSON body; an empty body reads as an empty object, as the providers' frameworks treat it. A body
 * nested deeper than `depthLimit` is refused before it is parsed; `null` when the caller has already scanned the
 * bytes for depth (the request pipeline's `checkBodyDepth`), so they are scanned once.
 */
export function parseJsonBody(raw: Buffer, depthLimit: number | null = BODY_DEPTH_LIMIT): JsonParseResult {
  if (raw.length === 0) return { ok: true, value: {} };
  if (!isUtf8(raw)) return { ok: false, problem: 'malformed', detail: 'the body is not valid UTF-8' };
  if (depthLimit !== null && jsonDepthExceeds(raw, depthLimit)) {
    return { ok: false, problem: 'too-deep', detail: tooDeepDetail(depthLimit) };
  }
  const text = raw.toString('utf8');
  if (!/\S/.test(text)) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: 'malformed', detail: (error as Error).message };
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether JSON text opens more than `limit` objects or arrays at once: one pass over the bytes, brackets
 * inside strings skipped, stopping at the first level too deep. UTF-8 continuation bytes are all >= 0x80,
 * so they are never mistaken for these ASCII characters. Malformed text is left to the parser.
 */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth -= 1;
  }
  return false;
}
