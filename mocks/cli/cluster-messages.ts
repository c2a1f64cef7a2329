import type { LaunchOptions } from './main';

/** What a cluster's primary tells a worker: start serving (once), then stop (drain and exit). */
export type ToWorker =
  | { readonly type: 'start'; readonly launch: LaunchOptions; readonly stateUrl: string }
  | { readonly type: 'stop' };

/** What a worker tells the primary: it listens (with what stdout gets once all do), or it could not start. */
export type FromWorker =
  | { readonly type: 'ready'; readonly readyOutput: string }
  | { readonly type: 'failed'; readonly message: string };

/** The header every answer of a cluster worker carries: the worker's process id (which worker answered). */
export const WORKER_HEADER = 'X-Sandbox-Worker';
