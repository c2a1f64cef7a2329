/**
 * The sandbox as a library: what `partner-sandbox start` does, in the caller's process (a jest, vitest or
 * node:test setup), and the one place that turns "which providers, which config, which ports" into running
 * servers, for the CLI's `start` and `run` too. Providers come from the registry; none is named here.
 */
import { readConfigFile, resolveProviderConfigs, type ProviderConfig } from './runtime/config';
import type { AnyProviderDefinition, Credentials } from './runtime/provider';
import {
  SandboxStartError,
  startSandbox as startServers,
  type RunningSandbox,
  type StartOptions,
} from './runtime/server';
import { isNamespaceName, namespacePathPrefix } from './runtime/namespace-selection';
import type { StateStore } from './runtime/state/store';
import { portOffsetOf, PROVIDERS } from './registry';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT_BASE = 4010;
/** The highest port base: the last provider of the fixed port order must still get a port. */
export const MAX_PORT_BASE = 65535 - 4;

/** A config: a file's path, or the file's content itself (the `credentials --json` shape, any subset). */
export type SandboxConfig = string | Readonly<Record<string, unknown>>;

interface CommonOptions {
  /** The providers to start, by name (default: every provider this version serves). */
  readonly only?: readonly string[];
  readonly config?: SandboxConfig;
  /** The address to bind (default 127.0.0.1). */
  readonly host?: string;
  /** Where the one-line-per-request log goes (default: no log). */
  readonly log?: (line: string) => void;
  /** On close, how long requests in progress may still finish (default 2 s). */
  readonly drainSeconds?: number;
  /** Require `Authorization: Bearer <token>` on the control surface. */
  readonly controlToken?: string;
  /** The provider definitions to choose from (default: every provider this version serves). */
  readonly providers?: readonly AnyProviderDefinition[];
  /**
   * A namespace of its own on the sandbox (1 to 64 of `A-Z a-z 0-9 . _ -`): every URL handed out (`baseUrl`, `url`)
   * carries the `/__ns/NAME` prefix, so a client that cannot add `X-Sandbox-Namespace` works in it all the same.
   */
  readonly namespace?: string;
  /**
   * Keeps every provider's state and control state in this store (docs/scale.md), for several processes to
   * answer as one; the caller closes it after the sandbox. A provider that cannot keep its state in a store
   * yet is refused, named.
   */
  readonly stateStore?: StateStore;
}

/**
 * Ports: `portBase` plus each provider's place in the fixed order (default base 4010, as `start`), or
 * `port: 0` for an ephemeral port per provider (parallel test workers never collide).
 */
export type SandboxOptions = CommonOptions &
  (
    | { readonly portBase?: number; readonly port?: undefined }
    | { readonly port: 0; readonly portBase?: undefined }
  );

export interface StartedProvider {
  /**
   * The API's base URL, the spec's first base path included (XCover: `http://127.0.0.1:4014/x`; in namespace
   * `ci-42`: `http://127.0.0.1:4014/__ns/ci-42/x`).
   */
  readonly baseUrl: string;
  /** The server's root, where the control surface is (`${url}/__sandbox/`), the namespace's prefix included. */
  readonly url: string;
  /** The test credentials in force (defaults merged with the config). */
  readonly credentials: Readonly<Credentials>;
}

export interface Sandbox {
  /** Each started provider by name. */
  readonly providers: Readonly<Record<string, StartedProvider>>;
  /** Stops every server (requests in progress get the drain time). */
  close(): Promise<void>;
}

/** Starts the chosen providers; resolves once every server listens. Nothing is left running on failure. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return describeSandbox(await startProviders(options));
}

/** What only the CLI's `start` sets: the shared state store, and a cluster worker's own response header. */
export type ProcessOptions = Pick<StartOptions, 'stateStore' | 'responseHeaders'>;

/** `startSandbox` with the running servers themselves (the CLI's banner and tests reach into them). */
export async function startProviders(options: SandboxOptions & ProcessOptions = {}): Promise<RunningSandbox> {
  const available = options.providers ?? PROVIDERS;
  if (options.namespace !== undefined && !isNamespaceName(options.namespace)) {
    throw new SandboxStartError(
      `the namespace must be 1 to 64 of A-Z a-z 0-9 . _ -, got ${JSON.stringify(options.namespace)}`,
    );
  }
  const selected = selectProviders(options.only, available);
  if (options.stateStore) refuseUnshareable(selected, available);
  // Only the started providers' configs (and those the config names): the others' modules stay unloaded.
  const configs = configsOf(
    options.config,
    available,
    new Set(selected.map((definition) => definition.name)),
  );
  const portOf = portsOf(options);
  return startServers({
    host: options.host ?? DEFAULT_HOST,
    providers: selected.map((definition) => ({
      definition,
      port: portOf(definition.name),
      ...(configs.get(definition.name) as ProviderConfig),
    })),
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.drainSeconds === undefined ? {} : { drainSeconds: options.drainSeconds }),
    ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    ...(options.stateStore === undefined ? {} : { stateStore: options.stateStore }),
    ...(options.responseHeaders === undefined ? {} : { responseHeaders: options.responseHeaders }),
  });
}

/** With a shared store, every selected provider must be able to keep its state there: else none starts. */
function refuseUnshareable(
  selected: readonly AnyProviderDefinition[],
  available: readonly AnyProviderDefinition[],
): void {
  // Loaded only with a store: the in-memory start never loads the shared-state machinery.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { sharedStateRefusal } = require('./runtime/shared-state') as typeof import('./runtime/shared-state');
  const refused = selected.filter((definition) => sharedStateRefusal(definition) !== undefined);
  if (refused.length === 0) return;
  const shareable = available.filter((definition) => sharedStateRefusal(definition) === undefined);
  const reasons = refused.map((definition) => sharedStateRefusal(definition)).join('; ');
  throw new SandboxStartError(
    `${reasons}. Start the providers that can share it with --only ${shareable.map(({ name }) => name).join(',')}, or start without --state for in-memory state`,
  );
}

/** What integrators see of running servers: per provider its base URL, root URL and credentials. */
export function describeSandbox(running: RunningSandbox): Sandbox {
  const providers: Record<string, StartedProvider> = {};
  for (const { name, url, sandbox } of running.providers) {
    const basePath = sandbox.basePaths[0] ?? '';
    const root = namespacedUrl(running, url);
    providers[name] = { baseUrl: `${root}${basePath}`, url: root, credentials: { ...sandbox.credentials } };
  }
  return { providers, close: () => running.close() };
}

/** A server's root URL as handed out: with the `/__ns/NAME` prefix of the sandbox's namespace, if it has one. */
export function namespacedUrl(running: Pick<RunningSandbox, 'namespace'>, url: string): string {
  return running.namespace === undefined ? url : `${url}${namespacePathPrefix(running.namespace)}`;
}

/**
 * Each provider's credentials and settings: the defaults, with the config (a path or its content) over them;
 * with `wanted`, only for those providers and the ones the config names.
 */
export function configsOf(
  config: SandboxConfig | undefined,
  providers: readonly AnyProviderDefinition[],
  wanted?: ReadonlySet<string>,
): Map<string, ProviderConfig> {
  const content = typeof config === 'string' ? readConfigFile(config) : config;
  return resolveProviderConfigs(providers, content, wanted);
}

function selectProviders(
  only: readonly string[] | undefined,
  providers: readonly AnyProviderDefinition[],
): readonly AnyProviderDefinition[] {
  if (only === undefined) return providers;
  const names = only.map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) throw new SandboxStartError('only needs at least one provider name');
  for (const name of names) {
    if (!providers.some((provider) => provider.name === name)) {
      throw new SandboxStartError(
        `unknown provider "${name}" (available: ${providers.map((p) => p.name).join(', ')})`,
      );
    }
  }
  return providers.filter((provider) => names.includes(provider.name));
}

function portsOf(options: SandboxOptions): (name: string) => number {
  if (options.port !== undefined) {
    if (options.port !== 0 || options.portBase !== undefined)
      throw new SandboxStartError('port may only be 0 (an ephemeral port per provider), without portBase');
    return () => 0;
  }
  const base = options.portBase ?? DEFAULT_PORT_BASE;
  if (!Number.isInteger(base) || base < 1 || base > MAX_PORT_BASE) {
    throw new SandboxStartError(`the port base must be an integer from 1 to ${MAX_PORT_BASE}, got ${base}`);
  }
  return (name) => base + portOffsetOf(name);
}
