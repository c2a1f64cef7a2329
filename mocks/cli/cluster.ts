/**
 * `start --workers N`: N processes on one machine (node:cluster) serving one sandbox from a shared Redis store.
 * The workers listen on the same ports (the primary holds each listening socket and hands connections out
 * round-robin), so each provider keeps one URL. The primary serves nothing itself: it forks the workers, prints
 * the banner once every worker listens, replaces a worker that ends unexpectedly (at most N times a minute, then
 * it stops them all and exits 1 saying why), and on SIGINT/SIGTERM asks every worker to drain and exits 0 once
 * all have.
 */
import cluster, { type Worker } from 'node:cluster';
import type { CliEnvironment, LaunchOptions } from './main';
import type { FromWorker, ToWorker } from './cluster-messages';

export interface ClusterOptions {
  readonly launch: LaunchOptions;
  /** The Redis URL each worker connects to (checked by the primary before any worker starts). */
  readonly stateUrl: string;
  readonly workers: number;
}

/** The window the replacement budget counts over: at most N replacements within it. */
export const RESTART_WINDOW_MS = 60_000;
/** How long past its drain time a stopping worker may take before it is killed. */
const STOP_GRACE_MS = 5_000;

type Phase = 'starting' | 'running' | 'stopping';

/** Runs the cluster until a signal (0), a start that fails (2) or too many workers ending (1). */
export function runCluster(
  options: ClusterOptions,
  env: Pick<CliEnvironment, 'stdout' | 'stderr' | 'stopSignal'>,
): Promise<number> {
  cluster.setupPrimary({ exec: require.resolve('./cluster-worker'), args: [], silent: false });
  const live = new Set<Worker>();
  const ready = new Set<Worker>();
  const replacements: number[] = [];
  let phase: Phase = 'starting';
  let readyOutput: string | undefined;
  let resolveCode: (code: number) => void = () => undefined;
  let exitCode = 0;
  const say = (text: string) => env.stderr(`partner-sandbox: ${text}\n`);

  const stopAll = (code: number, reason?: string) => {
    if (phase === 'stopping') return;
    phase = 'stopping';
    exitCode = code;
    if (reason !== undefined) say(reason);
    if (live.size === 0) return resolveCode(exitCode);
    const stop: ToWorker = { type: 'stop' };
    for (const worker of live) {
      if (worker.isConnected()) worker.send(stop);
      else worker.process.kill('SIGTERM');
      setTimeout(
        () => worker.process.kill('SIGKILL'),
        options.launch.drainSeconds * 1000 + STOP_GRACE_MS,
      ).unref();
    }
  };

  const onReady = (worker: Worker, message: Extract<FromWorker, { type: 'ready' }>) => {
    ready.add(worker);
    if (phase === 'running') return say(`worker ${worker.process.pid} listens`);
    if (phase !== 'starting') return;
    readyOutput ??= message.readyOutput;
    if (ready.size < options.workers) return;
    phase = 'running';
    env.stdout(readyOutput);
  };

  const onExit = (worker: Worker, code: number | null, signal: string | null) => {
    live.delete(worker);
    ready.delete(worker);
    if (phase === 'stopping') {
      if (live.size === 0) resolveCode(exitCode);
      return;
    }
    const how = signal === null ? `exit code ${code}` : signal;
    const pid = worker.process.pid;
    if (phase === 'starting') return stopAll(2, `worker ${pid} ended before it listened (${how})`);
    const now = Date.now();
    while (replacements.length > 0 && now - (replacements[0] as number) >= RESTART_WINDOW_MS)
      replacements.shift();
    if (replacements.length >= options.workers)
      return stopAll(
        1,
        `worker ${pid} ended (${how}): ${replacements.length + 1} workers ended within ${RESTART_WINDOW_MS / 1000} s, more than the ${options.workers} replacements a minute allowed; stopping`,
      );
    replacements.push(now);
    say(`worker ${pid} ended (${how}); starting another`);
    fork();
  };

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    // A message to a worker that is already going (its channel closing: EPIPE) fails here, not in the primary;
    // its 'exit' event follows and is what counts.
    worker.on('error', () => undefined);
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'ready') onReady(worker, message);
      else if (phase === 'starting') stopAll(2, message.message);
      else if (phase === 'running') say(`worker ${worker.process.pid} could not start: ${message.message}`);
    });
    worker.on('exit', (code, signal) => onExit(worker, code, signal));
    const start: ToWorker = { type: 'start', launch: options.launch, stateUrl: options.stateUrl };
    worker.send(start);
  };

  return new Promise<number>((resolve) => {
    resolveCode = resolve;
    for (let index = 0; index < options.workers; index++) fork();
    void env.stopSignal().then(() => stopAll(0));
  });
}
