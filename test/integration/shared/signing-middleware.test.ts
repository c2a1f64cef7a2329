/**
 * The shared signing middleware through openapi-fetch against a real HTTP server: the bytes a signer signs are the
 * bytes the server receives, which is what a body-signing provider (an HMAC over the exact body) depends on.
 */
import express from 'express';
import createClient from 'openapi-fetch';
import { hmac } from '../../../src/shared/hmac';
import { toHex } from '../../../src/shared/encoding';
import { signingMiddleware, type RequestToSign } from '../../../src/shared/signing-middleware';
import { serve, type TestServer } from '../../helpers/http-server';

interface paths {
  '/things/{id}': {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    get: {
      parameters: { query?: { q?: string }; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': unknown } } };
    };
    post: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody: { content: { 'application/json': { name: string; note?: string } } };
      responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': unknown } } };
    };
  };
}

interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const SECRET = 'whsec_test_secret';
let server: TestServer;
const received: Received[] = [];

beforeAll(async () => {
  const app = express();
  app.all('/{*rest}', async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({
      method: request.method,
      url: request.originalUrl,
      headers: request.headers,
      body: Buffer.concat(chunks),
    });
    response.json({ ok: true });
  });
  server = await serve(app);
});

afterAll(() => server.close());

beforeEach(() => {
  received.length = 0;
});

function clientSigningWith(sign: (request: RequestToSign) => Record<string, string | undefined>) {
  const seen: RequestToSign[] = [];
  const client = createClient<paths>({ baseUrl: `${server.url}/base`, headers: { 'x-preset': 'kept' } });
  client.use(
    signingMiddleware((request) => {
      seen.push(request);
      return sign(request);
    }),
  );
  return { client, seen };
}

const bodySignature = ({ body }: RequestToSign) => ({
  'x-signature': toHex(hmac('sha256', SECRET, body ?? new Uint8Array())),
});

describe('signingMiddleware', () => {
  it('signs the exact body bytes the server receives, non-ASCII text included', async () => {
    const { client, seen } = clientSigningWith(bodySignature);
    const result = await client.POST('/things/{id}', {
      params: { path: { id: 'a1' } },
      body: { name: 'Zoë ✓ 東京', note: '"quoted" \\ \n' },
    });
    expect(result.response.status).toBe(200);
    const [arrived] = received;
    const [signed] = seen;
    expect(Buffer.from(signed?.body ?? []).equals(arrived?.body ?? Buffer.alloc(0))).toBe(true);
    expect(arrived?.body.length).toBeGreaterThan(0);
    expect(arrived?.headers['x-signature']).toBe(
      toHex(hmac('sha256', SECRET, arrived?.body ?? Buffer.alloc(0))),
    );
  });

  it('shows the signer the method, URL, path without query and the headers already set; no body on a GET', async () => {
    const { client, seen } = clientSigningWith(() => ({ 'x-signed': 'yes' }));
    await client.GET('/things/{id}', { params: { path: { id: 'b2' }, query: { q: 'x y' } } });
    expect(seen).toEqual([
      {
        method: 'GET',
        url: `${server.url}/base/things/b2?q=x%20y`,
        path: '/base/things/b2',
        headers: expect.objectContaining({ 'x-preset': 'kept' }),
        body: undefined,
      },
    ]);
    expect(received).toEqual([expect.objectContaining({ method: 'GET', url: '/base/things/b2?q=x%20y' })]);
    expect(received[0]?.headers).toMatchObject({ 'x-signed': 'yes', 'x-preset': 'kept' });
  });

  it('awaits an async signer, replaces a header of the same name and skips undefined values', async () => {
    const client = createClient<paths>({ baseUrl: `${server.url}/base`, headers: { 'x-preset': 'old' } });
    client.use(
      signingMiddleware(async () => {
        await Promise.resolve();
        return { 'X-Preset': 'new', 'x-optional': undefined };
      }),
    );
    await client.POST('/things/{id}', { params: { path: { id: 'c3' } }, body: { name: 'n' } });
    expect(received[0]?.headers['x-preset']).toBe('new');
    expect(received[0]?.headers).not.toHaveProperty('x-optional');
  });

  it('sends nothing when the signer throws: the call rejects with its error', async () => {
    const { client } = clientSigningWith(() => {
      throw new Error('no key');
    });
    await expect(
      client.POST('/things/{id}', { params: { path: { id: 'd4' } }, body: { name: 'n' } }),
    ).rejects.toThrow('no key');
    const { client: working } = clientSigningWith(bodySignature);
    await working.GET('/things/{id}', { params: { path: { id: 'e5' } } });
    expect(received.map(({ url }) => url)).toEqual(['/base/things/e5']);
  });
});
