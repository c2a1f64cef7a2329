/**
 * `start --state` and `--workers` through the CLI's own entry (in process): what is refused, and how, before
 * any server starts, and a start on a Redis that answers. The Redis that answers is a redis-server of the test's own on its own port.
 */
import { freePort } from '../../test/helpers/free-port';
import { killLeftoverRedis, startTestRedis, type TestRedis } from '../../test/helpers/redis-server';
import { PROVIDERS } from '../registry';
import { main } from './main';

let redis: TestRedis;
beforeAll(async () => (redis = await startTestRedis()));
afterAll(async () => {
  await redis.stop();
  killLeftoverRedis();
});

/** Runs `partner-sandbox <argv>`; a start that got past the checks would fail the test (it never stops). */
async function start(argv: string[], variables: Record<string, string> = {}) {
  const stderr: string[] = [];
  const code = await main(argv, {
    providers: PROVIDERS,
    stdout: () => undefined,
    stderr: (text) => stderr.push(text),
    variables,
    stopSignal: () => Promise.reject(new Error('the sandbox started')),
  });
  return { code, stderr: stderr.join('') };
}

test('--workers without Redis state is refused: in-memory state cannot be shared', async () => {
  const { code, stderr } = await start(['start', '--workers', '2']);
  expect(code).toBe(2);
  expect(stderr).toContain(
    'partner-sandbox: --workers needs --state redis://HOST:PORT/DB (or PARTNER_SANDBOX_STATE): in-memory state cannot be shared between processes',
  );
});

test('a malformed --state is a usage error that never shows the password', async () => {
  const { code, stderr } = await start(['start', '--state', 'redis://u:hunter2@host:99999/0']);
  expect(code).toBe(2);
  expect(stderr).toContain(
    '--state must be "memory" or redis://HOST:PORT/DB, got "redis://***@host:99999/0"',
  );
  expect(stderr).not.toContain('hunter2');
});

test('Redis unreachable at start: exit 2 with the URL (password redacted) and the error', async () => {
  const port = await freePort();
  const { code, stderr } = await start(['start'], {
    PARTNER_SANDBOX_STATE: `redis://:hunter2@127.0.0.1:${port}/0`,
  });
  expect(code).toBe(2);
  expect(stderr).toMatch(
    new RegExp(
      `^partner-sandbox: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0: .*ECONNREFUSED`,
    ),
  );
  expect(stderr).not.toContain('hunter2');
});

test('Redis reachable: start serves from it, in one process without --workers', async () => {
  const port = await freePort();
  const stderr: string[] = [];
  let stateStore: unknown;
  const code = await main(
    ['start', '--state', redis.url, '--only', 'xcover', '--port-base', String(port - 4)],
    {
      providers: PROVIDERS,
      stdout: () => undefined,
      stderr: (text) => stderr.push(text),
      onStarted: (sandbox) => (stateStore = sandbox.providers[0]?.sandbox),
      stopSignal: () => Promise.resolve(),
    },
  );
  expect(stderr.join('')).toBe('');
  expect(code).toBe(0);
  expect(stateStore).toBeDefined();
});
