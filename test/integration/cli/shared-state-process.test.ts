/**
 * `partner-sandbox start --state redis://…` as a team runs it: two CLI processes on different port bases
 * sharing one Redis (a redis-server of the test's own on a free port, never the machine's 6379). A quote
 * created through one is booked through the other; a clock frozen through one holds in the other.
 */
import { freePort } from '../../helpers/free-port';
import { killLeftoverClis, startCli, type CliProcess } from '../../helpers/cli-process';
import { killLeftoverRedis, startTestRedis, type TestRedis } from '../../helpers/redis-server';
import { P, POLICYHOLDER, quoteBody, setClock, xcoverFetch } from '../../helpers/xcover';

let redis: TestRedis;
beforeAll(async () => (redis = await startTestRedis()));
afterEach(killLeftoverClis);
afterAll(async () => {
  await redis.stop();
  killLeftoverRedis();
});

/** One CLI process serving XCover on a free port, its state in the test's Redis. */
async function startXCover(): Promise<{ process: CliProcess; url: string }> {
  const port = await freePort();
  const process = startCli([
    'start',
    '--only',
    'xcover',
    '--port-base',
    String(port - 4),
    '--state',
    redis.url,
    '--quiet',
  ]);
  await process.stdoutContains('Test credentials');
  return { process, url: `http://127.0.0.1:${port}` };
}

test('two processes on one Redis answer as one: a quote created through one is booked through the other', async () => {
  const [one, two] = [await startXCover(), await startXCover()];
  const created = await xcoverFetch(one.url, 'POST', `${P}/quotes/`, quoteBody());
  expect(created.status).toBe(201);
  const pkg = (await created.json()) as { id: string; quotes: Record<string, { id: string }> };
  const booked = await xcoverFetch(two.url, 'POST', `${P}/bookings/${pkg.id}/`, {
    quotes: Object.values(pkg.quotes).map(({ id }) => ({ id })),
    policyholder: POLICYHOLDER,
  });
  expect(booked.status).toBe(200);
  await setClock(one.url, { now: '2031-02-03T04:05:06Z' });
  const clock = (await (await fetch(`${two.url}/__sandbox/clock`)).json()) as { now: string };
  expect(clock.now).toBe('2031-02-03T04:05:06.000Z');
  for (const { process } of [one, two]) process.child.kill('SIGTERM');
  expect(await Promise.all([one.process.exited, two.process.exited])).toEqual([0, 0]);
});
