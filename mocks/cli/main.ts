import { readFileSync } from 'node:fs';
import { findUpwards } from '../runtime/find-upwards';
import { ConfigError, readConfigFile, resolveProviderConfigs, type ProviderConfig } from '../runtime/config';
import type { AnyProviderDefinition } from '../runtime/provider';
import {
  DEFAULT_DRAIN_SECONDS,
  MAX_DRAIN_SECONDS,
  SandboxStartError,
  startSandbox,
  type RunningSandbox,
} from '../runtime/server';
import { portOffsetOf, PROVIDERS } from '../registry';
import { parseArgs, UsageError } from './args';
import { check, CHECK_FLAGS, CHECK_USAGE } from './check';
import { isLoopback } from './loopback';
import { verify, VERIFY_FLAGS, VERIFY_USAGE } from './verify';

export interface CliEnvironment {
  readonly providers: readonly AnyProviderDefinition[];
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Environment variables (`PARTNER_SANDBOX_CONTROL_TOKEN`). */
  readonly variables?: Readonly<Record<string, string | undefined>>;
  /** Resolves when the sandbox should stop (SIGINT/SIGTERM by default). */
  readonly stopSignal: () => Promise<void>;
  /** Called once the servers are up (tests use it to reach them). */
  readonly onStarted?: (sandbox: RunningSandbox) => void;
}

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT_BASE = 4010;

const CONTROL_TOKEN_VARIABLE = 'PARTNER_SANDBOX_CONTROL_TOKEN';

const USAGE = `Usage:
  partner-sandbox start [--only LIST] [--host HOST] [--port-base N] [--config FILE] [--quiet]
                        [--control-token TOKEN] [--drain-seconds N]
  partner-sandbox credentials [--json] [--config FILE]
${VERIFY_USAGE}
${CHECK_USAGE}
  partner-sandbox --help | --version`;

/** The flags of each command (name -> takes a value?); a Map, so a command named "toString" is unknown. */
const FLAGS = new Map<string, Readonly<Record<string, boolean>>>([
  [
    'start',
    {
      only: true,
      host: true,
      'port-base': true,
      config: true,
      quiet: false,
      'control-token': true,
      'drain-seconds': true,
    },
  ],
  ['credentials', { json: false, config: true }],
  ['verify', VERIFY_FLAGS],
  ['check', CHECK_FLAGS],
]);
const GLOBAL_FLAGS = { help: false, version: false };

/** Runs the CLI; resolves to the process exit code (0 ok, 2 for a usage, config or start problem). */
export async function main(
  argv: readonly string[],
  env: CliEnvironment = processEnvironment(),
): Promise<number> {
  try {
    const { command, flags, positionals } = parseArgs(
      argv,
      (name) => FLAGS.get(name ?? '') ?? GLOBAL_FLAGS,
      (name) => (name === 'check' ? 1 : 0),
    );
    if (command === 'verify') return await verify(flags, env);
    if (command === 'check') return await check(flags, positionals, env);
    if (flags.has('help') || command === 'help') {
      env.stdout(`${USAGE}\n`);
      return 0;
    }
    if (flags.has('version')) {
      env.stdout(`${packageVersion()}\n`);
      return 0;
    }
    if (command === 'start') return await start(flags, env);
    if (command === 'credentials') return credentials(flags, env);
    throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof SandboxStartError) {
      env.stderr(`partner-sandbox: ${error.message}\n`);
      if (error instanceof UsageError) env.stderr(`${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

async function start(flags: ReadonlyMap<string, string | true>, env: CliEnvironment): Promise<number> {
  const selected = selectProviders(flags.get('only'), env.providers);
  const configs = loadConfigs(flags.get('config'), env.providers);
  const host = stringFlag(flags, 'host') ?? DEFAULT_HOST;
  const portBase = portBaseOf(stringFlag(flags, 'port-base'));
  const drainSeconds = drainSecondsOf(stringFlag(flags, 'drain-seconds'));
  const controlToken = controlTokenOf(
    stringFlag(flags, 'control-token') ?? env.variables?.[CONTROL_TOKEN_VARIABLE],
  );
  const quiet = flags.has('quiet');
  if (controlToken === undefined && !isLoopback(host)) {
    env.stderr(
      `partner-sandbox: warning: --host ${host} is not loopback: the control surface (/__sandbox/: reset, clock, request journal with bodies) is unauthenticated and reachable from the network; pass --control-token TOKEN to require it\n`,
    );
  }
  const sandbox = await startSandbox({
    host,
    providers: selected.map((definition) => {
      const config = configs.get(definition.name) as ProviderConfig;
      return { definition, port: portBase + portOffsetOf(definition.name), ...config };
    }),
    log: quiet ? undefined : (line) => env.stdout(`${line}\n`),
    drainSeconds,
    ...(controlToken === undefined ? {} : { controlToken }),
  });
  env.stdout(banner(sandbox, controlToken !== undefined));
  env.onStarted?.(sandbox);
  await env.stopSignal();
  await sandbox.close();
  return 0;
}

/** Per provider its base URL(s) and its control surface; then how to get the credentials, as a user types it. */
function banner(sandbox: RunningSandbox, tokenRequired: boolean): string {
  const lines: string[] = [];
  for (const provider of sandbox.providers) {
    const [main, ...aliases] = provider.sandbox.basePaths.map((path) => `${provider.url}${path}`);
    const also = aliases.length > 0 ? `  (also ${aliases.join(', ')})` : '';
    lines.push(`${provider.name.padEnd(8)} ${main ?? provider.url}${also}`);
    lines.push(`${''.padEnd(8)} control surface: ${provider.url}/__sandbox/`);
  }
  if (tokenRequired) lines.push('Control surface: send `Authorization: Bearer <your --control-token>`');
  lines.push('Test credentials: `npx partner-sandbox credentials` (`--json` for scripts)');
  return `${lines.join('\n')}\n`;
}

function credentials(flags: ReadonlyMap<string, string | true>, env: CliEnvironment): number {
  const configs = loadConfigs(flags.get('config'), env.providers);
  const shown = Object.fromEntries([...configs].map(([name, config]) => [name, config.credentials]));
  if (flags.has('json')) {
    env.stdout(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  for (const [name, fields] of Object.entries(shown)) {
    env.stdout(`${name}\n`);
    const width = Math.max(...Object.keys(fields).map((field) => field.length));
    for (const [field, value] of Object.entries(fields)) env.stdout(`  ${field.padEnd(width)}  ${value}\n`);
  }
  return 0;
}

function selectProviders(only: string | true | undefined, providers: readonly AnyProviderDefinition[]) {
  if (only === undefined) return providers;
  if (only === true) throw new UsageError('--only needs a value');
  const names = only
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--only needs at least one provider name');
  for (const name of names) {
    if (!providers.some((provider) => provider.name === name)) {
      throw new UsageError(
        `unknown provider "${name}" (available: ${providers.map((p) => p.name).join(', ')})`,
      );
    }
  }
  return providers.filter((provider) => names.includes(provider.name));
}

function loadConfigs(path: string | true | undefined, providers: readonly AnyProviderDefinition[]) {
  if (path === true) throw new UsageError('--config needs a value');
  return resolveProviderConfigs(providers, path === undefined ? {} : readConfigFile(path));
}

function stringFlag(flags: ReadonlyMap<string, string | true>, name: string): string | undefined {
  const value = flags.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

function portBaseOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT_BASE;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535 - 4)
    throw new UsageError(`--port-base must be a port number, got "${value}"`);
  return port;
}

function drainSecondsOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_DRAIN_SECONDS;
  const seconds = Number(value);
  if (!/^\d+$/.test(value) || seconds > MAX_DRAIN_SECONDS)
    throw new UsageError(`--drain-seconds must be an integer from 0 to ${MAX_DRAIN_SECONDS}, got "${value}"`);
  return seconds;
}

/** A bearer token fit for a header: 1 to 1024 visible ASCII characters (the value itself is never echoed). */
function controlTokenOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,1024}$/.test(value))
    throw new UsageError('the control token must be 1 to 1024 visible ASCII characters, without spaces');
  return value;
}

/** The version in the package's manifest, found upwards from here (source and compiled layouts differ). */
function packageVersion(): string {
  const manifest = findUpwards(__dirname, 'package.json');
  if (manifest === undefined) return 'unknown';
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unknown';
}

function processEnvironment(): CliEnvironment {
  return {
    providers: PROVIDERS,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    variables: process.env,
    stopSignal: () =>
      new Promise((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
  };
}
