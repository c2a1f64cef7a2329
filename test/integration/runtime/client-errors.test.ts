/**
 * Requests Node cannot parse, sent over a raw socket to a sandbox started as the CLI starts it: they are
 * answered in the provider's error shape with a reason code.
 */
import { connect } from 'node:net';
import {
  FRAMING_REASONS,
  isFramingReasonCode,
  type FramingReason,
} from '../../../mocks/runtime/client-errors';
import { defaultSettingsOf } from '../../../mocks/runtime/provider';
import { startSandbox, type RunningSandbox } from '../../../mocks/runtime/server';
import { xcoverProvider } from '../../../mocks/xcover/provider';

let sandbox: RunningSandbox;
let port: number;

beforeAll(async () => {
  sandbox = await startSandbox({
    host: '127.0.0.1',
    providers: [
      {
        definition: xcoverProvider,
        port: 0,
        credentials: xcoverProvider.defaultCredentials,
        settings: defaultSettingsOf(xcoverProvider),
      },
    ],
  });
  port = sandbox.providers[0]?.port as number;
});
afterAll(() => sandbox.close());

/** Sends raw bytes and reads the whole answer until the server closes the connection. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

test('a request line that does not parse gets 400 in the provider’s error shape', async () => {
  const answer = await raw('BREW /x/ HTCPCP/1.0 nonsense\r\n\r\n');
  expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  expect(answer).toContain('X-Sandbox-Reason: XCOVER_MALFORMED_REQUEST');
  expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
    type: 'parse_error',
    message: 'Malformed HTTP request.',
    errors: [],
  });
});

test('headers over Node’s limit get 431 with the reason code', async () => {
  const answer = await raw(
    `GET /x/partners/LLODT/bookings/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`,
  );
  expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  expect(answer).toContain('X-Sandbox-Reason: XCOVER_HEADERS_TOO_LARGE');
});

test('a client that goes away mid-body gets nothing and leaves nothing behind', async () => {
  const provider = sandbox.providers[0];
  await new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        'POST /x/partners/LLODT/quotes/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 500\r\n\r\n',
      );
    });
    // "100 Continue": the server has the request and waits for its body (a positive signal, not a sleep).
    socket.once('data', () => {
      socket.write('{"request":');
      socket.destroy();
    });
    socket.on('close', () => resolve());
  });
  // A later request is journaled on its own: the abandoned one left no entry, and the server still serves.
  expect((await fetch(`http://127.0.0.1:${port}/x/partners/LLODT/bookings/`)).status).toBe(401);
  expect(provider?.sandbox.journal.list().map(({ method, status }) => `${method} ${status}`)).toEqual([
    'GET 401',
  ]);
});

describe('request framing, checked before anything else', () => {
  const rejected = (answer: string, reason: string, message: string) => {
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer).toContain(`X-Sandbox-Reason: ${reason}`);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      type: 'parse_error',
      message,
      errors: [],
    });
  };

  test('two Host headers: 400', async () => {
    const answer = await raw('GET /x/partners/LLODT/bookings/ HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n');
    rejected(answer, 'XCOVER_HOST_HEADER_INVALID', 'More than one Host header.');
  });

  test('two Host headers on the control surface too', async () => {
    const answer = await raw('GET /__sandbox/health HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n');
    rejected(answer, 'XCOVER_HOST_HEADER_INVALID', 'More than one Host header.');
  });

  test('an HTTP/1.1 request without Host: 400 in the provider’s shape, not Node’s bare one', async () => {
    const answer = await raw('GET /x/partners/LLODT/bookings/ HTTP/1.1\r\n\r\n');
    rejected(answer, 'XCOVER_HOST_HEADER_INVALID', 'Missing Host header.');
  });

  test('an HTTP/1.0 request may omit Host', async () => {
    const answer = await raw('GET /__sandbox/health HTTP/1.0\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  test.each([
    ['identity then chunked on two lines', 'Transfer-Encoding: identity\r\nTransfer-Encoding: chunked'],
    ['a list ending in chunked', 'Transfer-Encoding: gzip, chunked'],
  ])('Transfer-Encoding %s: 400', async (_what, header) => {
    const answer = await raw(
      `POST /x/partners/LLODT/quotes/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${header}\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    );
    rejected(answer, 'XCOVER_TRANSFER_ENCODING_INVALID', 'Transfer-Encoding must be exactly "chunked".');
  });

  test('a single Transfer-Encoding: chunked goes through to the provider (here: its auth check)', async () => {
    const answer = await raw(
      'POST /x/partners/LLODT/quotes/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
    expect(answer).toContain('X-Sandbox-Reason: XCOVER_AUTH_MISSING');
  });
});

describe('the framing refusals `check` tells apart (FRAMING_REASONS)', () => {
  /** A request each one answers: a reason added to the list does not compile without one here. */
  const PROVOKING: Record<FramingReason, string> = {
    HOST_HEADER_INVALID: 'GET /x/partners/LLODT/bookings/ HTTP/1.1\r\n\r\n',
    TRANSFER_ENCODING_INVALID:
      'POST /x/partners/LLODT/quotes/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n',
    MALFORMED_REQUEST: 'BREW /x/ HTCPCP/1.0 nonsense\r\n\r\n',
    HEADERS_TOO_LARGE: `GET /x/partners/LLODT/bookings/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`,
  };

  test.each(FRAMING_REASONS)('%s: answered with a listed code, and never journaled', async (reason) => {
    const journal = sandbox.providers[0]?.sandbox.journal;
    const before = journal?.list().length ?? 0;
    const code = /\r\nX-Sandbox-Reason: (\S+)\r\n/.exec(await raw(PROVOKING[reason]))?.[1] ?? '';
    expect({ code, framing: isFramingReasonCode(xcoverProvider, code) }).toEqual({
      code: `XCOVER_${reason}`,
      framing: true,
    });
    // A later request is journaled on its own: the framing refusal left no entry for `check` to wait for.
    const later = await fetch(`http://127.0.0.1:${port}/x/partners/LLODT/bookings/`);
    expect(later.headers.get('x-sandbox-reason')).toBe('XCOVER_AUTH_MISSING');
    expect(isFramingReasonCode(xcoverProvider, 'XCOVER_AUTH_MISSING')).toBe(false);
    expect(
      journal
        ?.list()
        .slice(before)
        .map((entry) => entry.reason),
    ).toEqual(['XCOVER_AUTH_MISSING']);
  });
});
