import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProviderApp, type ProviderApp } from './app';
import { answerUnparsableRequests } from './client-errors';
import type { AnyProviderDefinition, Credentials, Settings } from './provider';

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
}

export interface RunningProvider {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly sandbox: ProviderApp<unknown>;
}

export interface RunningSandbox {
  readonly providers: readonly RunningProvider[];
  close(): Promise<void>;
}

/** A start that could not complete; its message is one line for the user. Nothing is left running. */
export class SandboxStartError extends Error {
  override readonly name = 'SandboxStartError';
}

/** Starts one HTTP server per provider; on any failure closes those already started and throws. */
export async function startSandbox(options: StartOptions): Promise<RunningSandbox> {
  const started: { server: Server; provider: RunningProvider }[] = [];
  const closeAll = () =>
    Promise.all(
      started.map(({ server, provider }) => {
        provider.sandbox.webhooks.close();
        return closeServer(server);
      }),
    ).then(() => undefined);
  try {
    for (const entry of options.providers) {
      const sandbox = createProviderApp(entry.definition, {
        credentials: entry.credentials,
        settings: entry.settings,
        log: options.log,
      });
      const server = await listen(sandbox, options.host, entry.port);
      sandbox.warmUp();
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      started.push({
        server,
        provider: { name: entry.definition.name, url: `http://${host}:${port}`, port, sandbox },
      });
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return { providers: started.map(({ provider }) => provider), close: closeAll };
}

function listen(sandbox: ProviderApp<unknown>, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = sandbox.app.listen(port, host);
    answerUnparsableRequests(server, sandbox.provider);
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

/** Stops accepting connections, lets requests in progress finish, then drops idle keep-alive sockets. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}
