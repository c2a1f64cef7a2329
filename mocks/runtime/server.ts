import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProviderApp } from './app';
import { answerUnparsableRequests } from './client-errors';
import { SandboxPeers } from './inspector/peers';
import type { AnyProviderDefinition, Credentials, Settings } from './provider';
import type { StateStore } from './state/store';

export interface SandboxProvider {
  readonly definition: AnyProviderDefinition;
  readonly port: number;
  readonly credentials: Credentials;
  readonly settings: Settings;
}

export interface StartOptions {
  readonly host: string;
  readonly providers: readonly SandboxProvider[];
  readonly log?: (line: string) => void;
  /** On close, how long requests in progress may still finish before their connections are reset. Default 2. */
  readonly drainSeconds?: number;
  /** Require `Authorization: Bearer <token>` on the control surface (all but `GET /__sandbox/health`). */
  readonly controlToken?: string;
  /** The namespace the sandbox is described in (its URLs carry `/__ns/NAME`); a valid name. */
  readonly namespace?: string;
  /** Keeps every provider's state in this store (`createProviderApp`'s `stateStore`); the caller closes it. */
  readonly stateStore?: StateStore;
  /** Headers every answer carries besides its own (a cluster worker's `X-Sandbox-Worker`). */
  readonly responseHeaders?: Readonly<Record<string, string>>;
}

export const DEFAULT_DRAIN_SECONDS = 2;
export const MAX_DRAIN_SECONDS = 60;

/**
 * Tighter than Node's defaults (headers 60 s, whole request 300 s): a test client sends its request in
 * milliseconds, so a slow one is stuck or hostile, and holding its socket only costs the others.
 */
export const SERVER_TIMEOUTS = {
  /** The request line and headers must arrive within this (then 408). */
  headersTimeoutMs: 10_000,
  /** The whole request, body included, must arrive within this (then 408). */
  requestTimeoutMs: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
} as const;

export interface RunningProvider {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly sandbox: ProviderApp<unknown>;
}

export interface RunningSandbox {
  readonly providers: readonly RunningProvider[];
  /** The namespace its users work in, when one was chosen: the URLs handed to them carry `/__ns/NAME`. */
  readonly namespace?: string;
  close(): Promise<void>;
}

/** A start that could not complete; its message is one line for the user. Nothing is left running. */
export class SandboxStartError extends Error {
  override readonly name = 'SandboxStartError';
}

/** Starts one HTTP server per provider; on any failure closes those already started and throws. */
export async function startSandbox(options: StartOptions): Promise<RunningSandbox> {
  const drainMs = (options.drainSeconds ?? DEFAULT_DRAIN_SECONDS) * 1000;
  const started: { server: Server; provider: RunningProvider }[] = [];
  const closeAll = () =>
    Promise.all(
      started.map(({ server, provider }) => {
        provider.sandbox.close();
        return closeServer(server, drainMs);
      }),
    ).then(() => undefined);
  const peers = new SandboxPeers();
  // Loaded when a sandbox starts, not when this module is imported: the CLI's commands that start none
  // (sign, credentials, --help, --version) then never load express and the request pipeline (~0.2 s).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createProviderApp } = require('./app') as typeof import('./app');
  try {
    for (const entry of options.providers) {
      const sandbox = createProviderApp(entry.definition, {
        credentials: entry.credentials,
        settings: entry.settings,
        log: options.log,
        peers,
        ...(options.stateStore === undefined ? {} : { stateStore: options.stateStore }),
        ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
        ...(options.stateStore === undefined ? {} : { stateStore: options.stateStore }),
      });
      const server = await listen(sandbox, options.host, entry.port, options.responseHeaders);
      sandbox.warmUp();
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      const url = `http://${host}:${port}`;
      started.push({ server, provider: { name: entry.definition.name, url, port, sandbox } });
      peers.add({ name: entry.definition.name, url, inspect: (namespace) => sandbox.inspect(namespace) });
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    providers: started.map(({ provider }) => provider),
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    close: closeAll,
  };
}

function listen(
  sandbox: ProviderApp<unknown>,
  host: string,
  port: number,
  responseHeaders: Readonly<Record<string, string>> | undefined,
): Promise<Server> {
  const headers = Object.entries(responseHeaders ?? {});
  const listener: RequestListener =
    headers.length === 0
      ? sandbox.app
      : (req, res) => {
          for (const [name, value] of headers) res.setHeader(name, value);
          sandbox.app(req, res);
        };
  return new Promise((resolve, reject) => {
    const server = createServer(
      {
        headersTimeout: SERVER_TIMEOUTS.headersTimeoutMs,
        requestTimeout: SERVER_TIMEOUTS.requestTimeoutMs,
        // Node checks the two timeouts above on this interval (default 30 s, which would stretch them).
        connectionsCheckingInterval: 1000,
        // A request without Host gets the provider's error shape from checkRequestFraming, not Node's bare 400.
        requireHostHeader: false,
      },
      listener,
    );
    server.keepAliveTimeout = SERVER_TIMEOUTS.keepAliveTimeoutMs;
    answerUnparsableRequests(server, sandbox.provider);
    server.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      const name = sandbox.provider.name;
      if (error.code === 'EADDRINUSE')
        reject(new SandboxStartError(`port ${where} for ${name} is already in use`));
      else if (error.code === 'EADDRNOTAVAIL')
        reject(new SandboxStartError(`cannot bind ${where} for ${name}: address not available`));
      else if (error.code === 'EACCES')
        reject(new SandboxStartError(`cannot bind ${where} for ${name}: permission denied`));
      else reject(new SandboxStartError(`cannot start ${name} on ${where}: ${error.message}`));
    });
  });
}

/**
 * Stops accepting connections and drops idle keep-alive sockets; requests in progress get `drainMs` to finish,
 * then their connections are reset (and logged as `reset`, not with the status they never delivered).
 */
function closeServer(server: Server, drainMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), drainMs).unref();
  });
}
