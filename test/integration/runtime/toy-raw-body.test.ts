/**
 * A body the spec takes as bytes (a file upload) reaches the handler and the security schemes exactly as it
 * came: never parsed as JSON nor scanned for depth, bounded by the body limit, journaled by size and digest.
 */
import { createHash } from 'node:crypto';
import { createProviderApp, type ProviderApp } from '../../../mocks/runtime/app';
import { BODY_LIMIT_BYTES } from '../../../mocks/runtime/body';
import { toyProvider, toyProviderReadingBodies, type ToyState } from '../../fixtures/toy-provider';
import { serve, type TestServer } from '../../helpers/http-server';

const KEY = { 'x-toy-key': 'toy_test_key' };
const OTHER = { 'x-toy-key': 'toy_test_other' };
/** A PNG's signature and bytes that are not UTF-8: what a file is, and what a JSON parser chokes on. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x7b, 0x5b]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the runtime hands a body of bytes over as it came', () => {
  const bodiesSeen: Buffer[] = [];
  const provider = toyProviderReadingBodies(bodiesSeen);
  let sandbox: ProviderApp<ToyState>;
  let server: TestServer;
  let gadget: string;

  beforeAll(async () => {
    sandbox = createProviderApp(provider, { credentials: toyProvider.defaultCredentials, settings: {} });
    server = await serve(sandbox.app);
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    sandbox.reset();
    const created = await fetch(`${server.url}/toy/gadgets/`, {
      method: 'POST',
      headers: { ...KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'lamp' }),
    });
    gadget = ((await created.json()) as { id: string }).id;
    bodiesSeen.length = 0;
  });

  const upload = (body: Buffer | undefined, headers: Record<string, string>, id = gadget) =>
    fetch(`${server.url}/toy/gadgets/${id}/picture`, { method: 'PUT', headers, body });

  it('gives the handler and the scheme the exact bytes, and journals their size, type and digest only', async () => {
    const response = await upload(PNG, { ...KEY, 'content-type': 'image/png' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 'image/png', size: PNG.length, sha256: sha256(PNG) });
    expect(bodiesSeen).toEqual([PNG]);
    const entry = sandbox.journal.list().at(-1);
    expect(entry?.body).toBe(`[${PNG.length} bytes of image/png, sha256 ${sha256(PNG)}]`);
  });

  it.each([
    ['a type of a listed range', 'image/jpeg; name=x.jpg'],
    ['untyped bytes', 'application/octet-stream'],
  ])('accepts %s, JSON-looking bytes nested past the depth limit included', async (_label, type) => {
    const nested = Buffer.from(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    const response = await upload(nested, { ...KEY, 'content-type': type });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ size: 10_000, sha256: sha256(nested) });
  });

  it.each([
    ['a type the operation does not list', { 'content-type': 'text/plain' }],
    ['JSON', { 'content-type': 'application/json' }],
    ['no type at all', {}],
  ])('refuses %s with 415 in the provider’s shape', async (_label, type) => {
    const response = await upload(PNG, { ...KEY, ...type });
    expect(response.status).toBe(415);
    expect(response.headers.get('x-sandbox-reason')).toBe('TOY_UNSUPPORTED_MEDIA_TYPE');
    expect(await response.json()).toMatchObject({ code: 'TOY_UNSUPPORTED_MEDIA_TYPE' });
  });

  it('refuses an empty body where one is required as the provider’s validation error', async () => {
    const response = await upload(Buffer.alloc(0), { ...KEY, 'content-type': 'image/png' });
    expect(response.status).toBe(422);
    expect(response.headers.get('x-sandbox-reason')).toBe('TOY_BODY_INVALID');
    expect(await response.json()).toMatchObject({ details: [': required'] });
  });

  it('keeps bytes within the body limit (413), and another account’s object hidden (404)', async () => {
    const tooLarge = await upload(Buffer.alloc(BODY_LIMIT_BYTES + 1, 0xff), {
      ...KEY,
      'content-type': 'application/octet-stream',
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('x-sandbox-reason')).toBe('TOY_BODY_TOO_LARGE');
    const atLimit = Buffer.alloc(BODY_LIMIT_BYTES, 0xff);
    const fits = await upload(atLimit, { ...KEY, 'content-type': 'application/octet-stream' });
    expect(await fits.json()).toMatchObject({ size: BODY_LIMIT_BYTES, sha256: sha256(atLimit) });
    const hidden = await upload(PNG, { ...OTHER, 'content-type': 'image/png' });
    expect(hidden.status).toBe(404);
    expect(hidden.headers.get('x-sandbox-reason')).toBe('TOY_OBJECT_OF_ANOTHER_ACCOUNT');
  });
});
