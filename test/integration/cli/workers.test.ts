/**
 * `partner-sandbox start --workers N` as CI runs it: the compiled executable in its own process, a cluster of
 * workers sharing a redis-server of the test's own (never the machine's). Each answer names the worker that
 * gave it (`X-Sandbox-Worker: <pid>`); a connection kept alive stays with one worker, so two pinned
 * connections on different workers show the state is shared.
 */
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { killLeftoverClis, startCli, type CliProcess } from '../../helpers/cli-process';
import { freePort, portIsFree } from '../../helpers/free-port';
import { killLeftoverRedis, startTestRedis, type TestRedis } from '../../helpers/redis-server';
import { API_KEY, API_SECRET, P, POLICYHOLDER, quoteBody } from '../../helpers/xcover';
import { xcoverRequestSigner } from '../../../src/xcover/request-signer';

let redis: TestRedis;
beforeAll(async () => (redis = await startTestRedis()));
afterEach(() => killLeftoverClis());
afterAll(async () => {
  await redis.stop();
  killLeftoverRedis();
});

interface Answer {
  readonly status: number;
  readonly worker: number;
  readonly body: Record<string, unknown>;
}

const sign = xcoverRequestSigner({ apiKey: API_KEY, apiSecret: API_SECRET });

/** One kept-alive connection to the sandbox: every request on it reaches the same worker. */
function pinnedConnection(port: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<Answer>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> =
        payload === undefined ? {} : { 'content-type': 'application/json' };
      Object.assign(headers, path.startsWith('/__sandbox') ? {} : sign({ method, path, headers }));
      const sent = request({ host: '127.0.0.1', port, method, path, headers, agent }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            worker: Number(response.headers['x-sandbox-worker']),
            body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
          }),
        );
      });
      sent.on('error', reject);
      sent.end(payload);
    });
  return { call, close: () => agent.destroy() };
}

/** The worker a new connection reaches (each request on a connection of its own). */
async function workerOfNewConnection(port: number): Promise<number> {
  const connection = pinnedConnection(port);
  try {
    return (await connection.call('GET', '/__sandbox/health')).worker;
  } finally {
    connection.close();
  }
}

/** Resolves once stderr contains the text `times` times; rejects if the process exits first. */
async function stderrContains(cli: CliProcess, text: string, times = 1): Promise<void> {
  while (cli.output().stderr.split(text).length - 1 < times) {
    const data = once(cli.child.stderr!, 'data');
    const exited = cli.exited.then(() => {
      throw new Error(`exited before printing ${JSON.stringify(text)} on stderr: ${cli.output().stderr}`);
    });
    await Promise.race([data, exited]);
  }
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** `start --workers 2` on the test's Redis, XCover on `port`. */
const clusterArgs = (port: number) => [
  'start',
  '--workers',
  '2',
  '--state',
  redis.url,
  '--only',
  'xcover',
  '--port-base',
  String(port - 4),
];

async function startCluster() {
  const port = await freePort();
  const cli = startCli([...clusterArgs(port), '--quiet']);
  await cli.stdoutContains('Test credentials');
  return { port, cli };
}

describe('start --workers 2 on a shared Redis', () => {
  it('prints the banner once, spreads connections over both workers, and shares state between them', async () => {
    const { port, cli } = await startCluster();
    expect(cli.output().stdout.match(/^xcover /gm)).toEqual(['xcover ']);
    expect(cli.output().stdout).toContain(`xcover   http://127.0.0.1:${port}/x`);

    const workers = new Set<number>();
    for (let index = 0; index < 8; index++) workers.add(await workerOfNewConnection(port));
    expect(workers.size).toBe(2);

    // Two connections on different workers: a quote created through one is booked through the other.
    const first = pinnedConnection(port);
    let second = pinnedConnection(port);
    const quote = await first.call('POST', `${P}/quotes/`, quoteBody());
    expect(quote.status).toBe(201);
    while ((await second.call('GET', '/__sandbox/health')).worker === quote.worker) {
      second.close();
      second = pinnedConnection(port);
    }
    const quoteIds = Object.values(quote.body.quotes as Record<string, { id: string }>).map(({ id }) => ({
      id,
    }));
    const booking = await second.call('POST', `${P}/bookings/${String(quote.body.id)}/`, {
      quotes: quoteIds,
      policyholder: POLICYHOLDER,
    });
    expect(booking.status).toBe(200);
    expect(booking.body.quotes).toHaveLength(1);
    expect(booking.worker).not.toBe(quote.worker);
    first.close();
    second.close();

    // A worker killed is replaced; the sandbox answers on, from the survivor and the replacement.
    const [killed, survivor] = [...workers] as [number, number];
    process.kill(killed, 'SIGKILL');
    await stderrContains(cli, `partner-sandbox: worker ${killed} ended (SIGKILL); starting another`);
    await stderrContains(cli, 'listens');
    const now = new Set<number>();
    for (let index = 0; index < 8; index++) now.add(await workerOfNewConnection(port));
    expect(now.has(killed)).toBe(false);
    expect(now.has(survivor)).toBe(true);
    expect(now.size).toBe(2);

    // SIGTERM: every worker drains and exits, the primary exits 0, the port is free.
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    for (const pid of now) expect(isRunning(pid)).toBe(false);
    expect(await portIsFree(port)).toBe(true);
  });

  it('stops every worker and exits 1 when more than N workers end within a minute', async () => {
    const { port, cli } = await startCluster();
    for (let round = 1; round <= 3; round++) {
      const pid = await workerOfNewConnection(port);
      process.kill(pid, 'SIGKILL');
      // Each replacement listens before the next kill, so a live worker always answers the next connection.
      if (round < 3) await stderrContains(cli, 'listens', round);
    }
    expect(await cli.exited).toBe(1);
    expect(cli.output().stderr).toMatch(
      /worker \d+ ended \(SIGKILL\): 3 workers ended within 60 s, more than the 2 replacements a minute allowed; stopping/,
    );
  });

  it('a port already taken: every worker is stopped and the start exits 2 naming it', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      const cli = startCli(clusterArgs(port));
      expect(await cli.exited).toBe(2);
      expect(cli.output().stderr).toBe(
        `partner-sandbox: port 127.0.0.1:${port} for xcover is already in use\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('Redis unreachable: the primary exits 2 with the URL, its password redacted, before any worker starts', async () => {
    const port = await freePort();
    const cli = startCli(['start', '--workers', '2', '--state', `redis://:hunter2@127.0.0.1:${port}/0`]);
    expect(await cli.exited).toBe(2);
    expect(cli.output().stderr).toMatch(
      new RegExp(
        `^partner-sandbox: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0: .*ECONNREFUSED`,
      ),
    );
    expect(cli.output().stderr).not.toContain('hunter2');
  });
});
