/**
 * A cluster worker's entry (`start --workers N`, see cluster.ts): it waits for the primary's `start`, connects
 * its own Redis store, serves on the shared ports and tells the primary it listens; it stops on the primary's
 * `stop`, on SIGINT/SIGTERM (a terminal's Ctrl-C reaches the whole process group) or when the primary is gone,
 * draining as a single-process start does. The banner is the primary's to print: a worker prints only the
 * request log.
 */
import { PROVIDERS } from '../registry';
import type { FromWorker, ToWorker } from './cluster-messages';
import { WORKER_HEADER } from './cluster-messages';
import { isConfigOrStartError, launchProviders } from './main';
import { connectStateStore } from './state-flags';

/** Sends a message to the primary; resolves once it is written (so a disconnect after it cannot drop it). */
const tell = (message: FromWorker) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
const leave = (code: number) => {
  process.exitCode = code;
  if (process.connected) process.disconnect();
};

const stopRequested = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
  process.once('disconnect', () => resolve());
  process.on('message', (message: ToWorker) => {
    if (message.type === 'stop') resolve();
  });
});

async function serve({ launch, stateUrl }: Extract<ToWorker, { type: 'start' }>): Promise<number> {
  const store = await connectStateStore(stateUrl);
  try {
    const { running, readyOutput } = await launchProviders(
      launch,
      {
        providers: PROVIDERS,
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      },
      { stateStore: store, responseHeaders: { [WORKER_HEADER]: String(process.pid) } },
    );
    await tell({ type: 'ready', readyOutput });
    await stopRequested;
    await running.close();
    return 0;
  } finally {
    await store.close();
  }
}

process.once('message', (message: ToWorker) => {
  if (message.type !== 'start') return;
  serve(message).then(leave, async (error: unknown) => {
    // A start problem is the user's to read, once, from the primary; anything else is a bug worth its stack.
    const text = isConfigOrStartError(error) ? error.message : String((error as Error).stack ?? error);
    await tell({ type: 'failed', message: text });
    leave(2);
  });
});
