import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { BODY_DEPTH_LIMIT, BODY_LIMIT_BYTES, jsonDepthExceeds, parseJsonBody, readRawBody } from './body';

/** A stream of `chunks` dressed as a request with the given headers. */
function incoming(chunks: readonly Buffer[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks, { objectMode: false }), {
    headers,
  }) as unknown as IncomingMessage;
}

describe('readRawBody', () => {
  it('has a 1 MiB default limit', () => {
    expect(BODY_LIMIT_BYTES).toBe(1024 * 1024);
  });

  it('returns a small body intact, byte for byte', async () => {
    const bytes = Buffer.from('{"name":"é ✓"}\r\n', 'utf8');
    const result = await readRawBody(incoming([bytes], { 'content-length': String(bytes.length) }));
    expect(result.ok && result.raw.equals(bytes)).toBe(true);
  });

  it('joins a body sent in several chunks', async () => {
    const result = await readRawBody(incoming([Buffer.from('ab'), Buffer.from('cd'), Buffer.from('e')]));
    expect(result.ok && result.raw.toString()).toBe('abcde');
  });

  it('returns an empty buffer for an empty body', async () => {
    const result = await readRawBody(incoming([]));
    expect(result.ok && result.raw.length).toBe(0);
  });

  it('accepts a body of exactly the limit', async () => {
    const result = await readRawBody(
      incoming([Buffer.alloc(6), Buffer.alloc(4)], { 'content-length': '10' }),
      10,
    );
    expect(result.ok && result.raw.length).toBe(10);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    // Nothing is ever written nor ended: the answer can only come from the header.
    const stream = new PassThrough();
    const request = Object.assign(stream, {
      headers: { 'content-length': '11' },
    }) as unknown as IncomingMessage;
    expect(await readRawBody(request, 10)).toEqual({ ok: false, tooLarge: true });
    // No listener buffers the bytes; the stream is resumed so that they are drained.
    expect(stream.listenerCount('data')).toBe(0);
    expect(stream.readableFlowing).toBe(true);
  });

  it('refuses a body that grows over the limit while streaming, whatever it declared', async () => {
    const chunks = [Buffer.alloc(6), Buffer.alloc(6), Buffer.alloc(6)];
    expect(await readRawBody(incoming(chunks), 10)).toEqual({ ok: false, tooLarge: true });
    expect(await readRawBody(incoming(chunks, { 'content-length': '5' }), 10)).toEqual({
      ok: false,
      tooLarge: true,
    });
  });

  it('ignores a Content-Length that is not a number and reads the body', async () => {
    const result = await readRawBody(incoming([Buffer.from('abc')], { 'content-length': 'lots' }), 10);
    expect(result.ok && result.raw.toString()).toBe('abc');
  });

  it('says the client went away when the stream fails mid-body', async () => {
    const stream = new PassThrough();
    const request = Object.assign(stream, { headers: {} }) as unknown as IncomingMessage;
    const reading = readRawBody(request);
    stream.write('{"half":');
    stream.destroy(new Error('aborted'));
    await expect(reading).resolves.toEqual({ ok: false, aborted: true });
  });
});

describe('parseJsonBody', () => {
  it('reads an empty or blank body as an empty object', () => {
    expect(parseJsonBody(Buffer.alloc(0))).toEqual({ ok: true, value: {} });
    expect(parseJsonBody(Buffer.from(' \r\n\t '))).toEqual({ ok: true, value: {} });
  });

  it('parses any JSON value', () => {
    expect(parseJsonBody(Buffer.from('{"a":[1,"é"]}'))).toEqual({ ok: true, value: { a: [1, 'é'] } });
    expect(parseJsonBody(Buffer.from(' null '))).toEqual({ ok: true, value: null });
    expect(parseJsonBody(Buffer.from('"x"'))).toEqual({ ok: true, value: 'x' });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(parseJsonBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toEqual({
      ok: false,
      problem: 'malformed',
      detail: 'the body is not valid UTF-8',
    });
    // A Latin-1 "é" on its own is not UTF-8 either.
    expect(parseJsonBody(Buffer.from('"é"', 'latin1'))).toMatchObject({ ok: false });
  });

  it('reports malformed JSON with the parser’s message', () => {
    const result = parseJsonBody(Buffer.from('{"a":1,}'));
    expect(result).toMatchObject({ ok: false, problem: 'malformed' });
    if (result.ok) return;
    expect(result.detail).toMatch(/JSON/);
    expect(result.detail).not.toBe('');
    let expected = '';
    try {
      JSON.parse('{"a":1,}');
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(result.detail).toBe(expected);
  });
});

/** `depth` arrays, one inside the other. */
const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;

/** The nesting depth of a parsed JSON value, the top level being 1 (scalars 0). */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  return 1 + Math.max(0, ...Object.values(value).map(depthOf));
}

describe('the nesting limit of JSON bodies', () => {
  it('is 32 levels, objects and arrays alike', () => {
    expect(BODY_DEPTH_LIMIT).toBe(32);
    expect(parseJsonBody(Buffer.from(nested(32))).ok).toBe(true);
    expect(parseJsonBody(Buffer.from(`${'{"a":'.repeat(32)}1${'}'.repeat(32)}`)).ok).toBe(true);
    expect(parseJsonBody(Buffer.from(`${'{"a":'.repeat(33)}1${'}'.repeat(33)}`)).ok).toBe(false);
    expect(parseJsonBody(Buffer.from(nested(33)))).toEqual({
      ok: false,
      problem: 'too-deep',
      detail: 'the body nests objects and arrays deeper than 32 levels',
    });
  });

  it('refuses a body nested 100,000 deep without walking it recursively', () => {
    expect(parseJsonBody(Buffer.from(nested(100_000)))).toMatchObject({ problem: 'too-deep' });
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '[[[[{{{{', b: ['\\"[[[['], c: '\\' });
    expect(jsonDepthExceeds(Buffer.from(text), 2)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(text), 1)).toBe(true);
  });

  it('agrees with the depth of the parsed value, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        const bytes = Buffer.from(JSON.stringify(value));
        expect(jsonDepthExceeds(bytes, limit)).toBe(depthOf(value) > limit);
      }),
    );
  });
});
