/**
 * `start --state` and `--workers` through the CLI's own entry (in process): what is refused, and how, before
 * any server starts. The Redis that answers is a redis-server of the test's own on its own port.
 */
import { freePort } from '../../test/helpers/free-port';
import { killLeftoverRedis, startTestRedis, type TestRedis } from '../../test/helpers/redis-server';
import { PROVIDERS } from '../registry';
import { sharedStateRefusal } from '../runtime/shared-state';
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

test('Redis reachable: a provider that cannot keep its state there yet is refused, named, with the way round it', async () => {
  const refusals = PROVIDERS.map((provider) => sharedStateRefusal(provider)).filter(
    (refusal) => refusal !== undefined,
  );
  const argv = ['start', '--state', redis.url, '--port-base', String((await freePort()) - 4), '--quiet'];
  // Once every provider has a layout, the start goes through (and this test's stop signal ends it).
  if (refusals.length === 0) return expect(start(argv)).rejects.toThrow('the sandbox started');
  const { code, stderr } = await start(argv);
  expect(code).toBe(2);
  for (const refusal of refusals) expect(stderr).toContain(refusal);
  expect(stderr).toContain('Start the providers that can share it with --only ');
});

test('--workers with Redis state is refused until it runs several processes', async () => {
  const { code, stderr } = await start(['start', '--state', redis.url, '--workers', '2']);
  expect(code).toBe(2);
  expect(stderr).toContain(
    `--workers is not available yet; start one process per port base, each with --state ${redis.url}`,
  );
});
