/**
 * A redis-server of the test's own, on a free port, without persistence: never the machine's shared Redis on
 * 6379. It can be stopped and started again on the same port (a Redis that goes away and comes back), waited
 * on by its output and exit events, never by time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './free-port';

export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Kills the server (as a crash does) and resolves once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty; resolves once it accepts connections. */
  start(): Promise<void>;
}

const running = new Set<ChildProcess>();

export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      child = await launch(port);
    },
    async stop() {
      const stopping = child;
      child = undefined;
      if (!stopping || stopping.exitCode !== null || stopping.signalCode !== null) return;
      const exited = once(stopping, 'exit');
      stopping.kill('SIGKILL');
      await exited;
      running.delete(stopping);
    },
  };
  await redis.start();
  return redis;
}

/** Ends any server a failed test left running (call from `afterAll`). */
export function killLeftoverRedis(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        child.stdout?.resume();
        resolve();
      }
    };
    const onExit = () => reject(new Error(`redis-server on port ${port} exited:\n${output}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', onExit);
    child.once('error', reject);
  });
  return child;
}
