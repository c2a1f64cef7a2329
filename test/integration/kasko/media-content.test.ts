/**
 * KASKO's web app uploads a file in two steps: it announces the file (`POST /v2/media`), then sends its bytes
 * (`POST /v2/media/{media_id}/content`), with the public key alone as with a secret key.
 */
import { createHash } from 'node:crypto';
import { BODY_LIMIT_BYTES } from '../../../mocks/runtime/body';
import { expectRejected, jsonOf } from '../../helpers/sandbox';
import { createKaskoClient } from '../../../src/kasko/client';
import { OTHER_SECRET_KEY, PUBLIC_KEY, SECRET_KEY, useKaskoSandbox } from '../../helpers/kasko';

/** The start of a PDF and bytes that are not UTF-8: a file, not JSON. */
const PDF = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0xff, 0xfe, 0x00, 0x7b]);
const ANNOUNCED = { designation: 'receipt', name: 'receipt.pdf', mime_type: 'application/pdf', file_size: 9 };

describe('KASKO media content upload', () => {
  const kasko = useKaskoSandbox();
  const pkOnly = { key: null } as const;

  const announce = async (key?: string) => {
    const response = await kasko.call('POST', '/v2/media', { body: ANNOUNCED, ...(key ? { key } : {}) });
    return (await jsonOf<{ id: string }>(response)).id;
  };
  const upload = (id: string, bytes: Uint8Array, options: { key?: string | null; type?: string } = {}) =>
    kasko.call('POST', `/v2/media/${id}/content?key=${PUBLIC_KEY}`, {
      raw: bytes,
      headers: { 'content-type': options.type ?? 'application/pdf' },
      ...(options.key === undefined ? {} : { key: options.key }),
    });

  it('takes the bytes with the public key alone: 204, no body, kept as their type, size and digest', async () => {
    const id = await announce();
    const response = await upload(id, PDF, pkOnly);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(kasko.k.sandbox.state().media.get(id)?.content).toEqual({
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
    const entry = kasko.k.sandbox.journal.list().at(-1);
    expect(entry?.body).toBe(
      `[${PDF.length} bytes of application/pdf, sha256 ${createHash('sha256').update(PDF).digest('hex')}]`,
    );
  });

  it('takes any type of bytes, JSON included, and with a secret key', async () => {
    const id = await announce();
    const response = await upload(id, Buffer.from('{"not": "parsed"'), { type: 'application/json' });
    expect(response.status).toBe(204);
    expect(kasko.k.sandbox.state().media.get(id)?.content).toMatchObject({ contentType: 'application/json' });
  });

  it('refuses a second upload with 409 and keeps the first', async () => {
    const id = await announce();
    expect((await upload(id, PDF)).status).toBe(204);
    const again = await upload(id, Buffer.from('other bytes'), { type: 'text/plain' });
    expect(await expectRejected(again, 409, 'KASKO_MEDIA_ALREADY_UPLOADED')).toEqual({
      status: 'Conflict',
      message: `Media with id - ${id} is already uploaded.`,
    });
    expect(kasko.k.sandbox.state().media.get(id)?.content).toMatchObject({ size: PDF.length });
  });

  it('answers an unknown id and another account’s media alike: 404, nothing stored', async () => {
    const unknown = 'med_0123456789abcdef0123456789abcdef';
    const missing = await upload(unknown, PDF);
    expect(await expectRejected(missing, 404, 'KASKO_MEDIA_NOT_FOUND')).toEqual({
      status: 'Not Found',
      message: `Media with id - ${unknown} not found.`,
    });
    const theirs = await announce(OTHER_SECRET_KEY);
    const hidden = await upload(theirs, PDF);
    expect(await expectRejected(hidden, 404, 'KASKO_OBJECT_OF_ANOTHER_ACCOUNT')).toEqual({
      status: 'Not Found',
      message: `Media with id - ${theirs} not found.`,
    });
    expect(kasko.k.sandbox.state().media.get(theirs)?.content).toBeNull();
    await expectRejected(await upload('med_short', PDF), 404, 'KASKO_PATH_INVALID');
  });

  it('refuses an empty body (400), a body without a type (415) and one over 1 MiB (413) in KASKO’s shape', async () => {
    const id = await announce();
    expect(await expectRejected(await upload(id, Buffer.alloc(0)), 400, 'KASKO_BODY_INVALID')).toEqual({
      status: 'Bad Request',
      message: 'Data validation failed.',
      errors: [{ code: 'required', field: 'body' }],
    });
    const untyped = await fetch(`${kasko.k.url}/v2/media/${id}/content?key=${PUBLIC_KEY}`, {
      method: 'POST',
      body: PDF,
    });
    expect(await expectRejected(untyped, 415, 'KASKO_UNSUPPORTED_MEDIA_TYPE')).toMatchObject({
      status: 'Unsupported Media Type',
    });
    const tooLarge = await upload(id, Buffer.alloc(BODY_LIMIT_BYTES + 1, 0xff));
    await expectRejected(tooLarge, 413, 'KASKO_BODY_TOO_LARGE');
    expect(kasko.k.sandbox.state().media.get(id)?.content).toBeNull();
  });
});

describe('KASKO media content upload through the typed client', () => {
  const kasko = useKaskoSandbox();

  it('sends the bytes as they are with a bodySerializer that leaves them be, and its media type', async () => {
    const client = createKaskoClient({ baseUrl: kasko.k.url, secretKey: SECRET_KEY });
    const announced = await client.POST('/v2/media', { body: ANNOUNCED });
    const id = announced.data?.id as string;
    const uploaded = await client.POST('/v2/media/{media_id}/content', {
      params: { path: { media_id: id } },
      // The generated type of a binary body is a string; the bytes go through untouched.
      body: PDF as unknown as string,
      bodySerializer: (bytes) => bytes,
      headers: { 'Content-Type': 'application/pdf' },
    });
    expect(uploaded.response.status).toBe(204);
    expect(kasko.k.sandbox.state().media.get(id)?.content).toEqual({
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });
  });
});
