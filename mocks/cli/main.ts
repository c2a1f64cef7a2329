import { readFileSync } from 'node:fs';
import { findUpwards } from '../runtime/find-upwards';
import type { AnyProviderDefinition } from '../runtime/provider';
import type { RunningSandbox } from '../runtime/server';
import { PROVIDER_PORT_ORDER, PROVIDERS } from '../registry';
import { parseArgs, UsageError } from './args';
import { isLoopback } from './loopback';
import { sandboxFlagsOf, stringFlag } from './sandbox-flags';
import { checkStateFlags, STATE_FLAGS, STATE_USAGE } from './state-flags';

/*
 * Each command's module is loaded when that command runs (or its flags or usage are needed), not when the CLI
 * starts: `sign`, `credentials`, `--version` and `--help` then never load the sandbox runtime (express, the
 * request pipeline, Pact replay), and every process a script or a test spawns starts faster.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const checkModule = () => require('./check') as typeof import('./check');
const verifyModule = () => require('./verify') as typeof import('./verify');
const runModule = () => require('./run') as typeof import('./run');
const signModule = () => require('./sign/sign') as typeof import('./sign/sign');
const sandboxModule = () => require('../sandbox') as typeof import('../sandbox');
const serverModule = () => require('../runtime/server') as typeof import('../runtime/server');
const configModule = () => require('../runtime/config') as typeof import('../runtime/config');
const clusterModule = () => require('./cluster') as typeof import('./cluster');
/* eslint-enable @typescript-eslint/no-require-imports */

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

const CONTROL_TOKEN_VARIABLE = 'PARTNER_SANDBOX_CONTROL_TOKEN';

const START_USAGE = `partner-sandbox start [--only LIST] [--host HOST] [--port-base N] [--config FILE] [--quiet]
                        [--json] [--control-token TOKEN] [--drain-seconds N] [--namespace NAME]
                        ${STATE_USAGE}`;
const CREDENTIALS_USAGE = 'partner-sandbox credentials [--json] [--config FILE]';

/** The general usage; it names every command, so it loads their modules (only when printed). */
const usage = () => `Usage:
  ${START_USAGE}
  ${CREDENTIALS_USAGE}
  ${runModule().RUN_USAGE}
  ${verifyModule().VERIFY_USAGE.trim()}
  ${checkModule().CHECK_USAGE.trim()}
  ${signModule().SIGN_USAGE}
  partner-sandbox <command> --help | --help | --version

Docs: docs/local-development.md (start, credentials, check, sign), docs/ci.md (run), docs/partners.md (verify).`;

/** What `partner-sandbox <command> --help` prints; a command without an entry prints the general usage. */
const HELP = new Map<string, () => string>([
  [
    'start',
    () => `Usage:
  ${START_USAGE}

Starts one server per provider (all, or those --only names) on 127.0.0.1 (--host), ports --port-base (4010)
plus the provider's place in the fixed order (${PROVIDER_PORT_ORDER.join(', ')}). Prints each base URL once
all are ready, then one line per request (--quiet: none), and runs until SIGINT or SIGTERM.
--json: stdout gets exactly one line once all are ready, {"providers": {NAME: {baseUrl, url, credentials}}};
the request log goes to stderr. --config FILE: credentials and settings over the defaults.
--control-token TOKEN (or PARTNER_SANDBOX_CONTROL_TOKEN): the control surface needs Bearer TOKEN.
--drain-seconds N (0-60, default 2): how long requests in progress may finish on stop.
--namespace NAME: the URLs printed (and --json's) carry /__ns/NAME, a namespace of its own (X-Sandbox-Namespace).
--state URL (or PARTNER_SANDBOX_STATE): "memory" (default), or redis://[:PASSWORD@]HOST:PORT/DB: state, clock,
revocations, faults, idempotency keys, journal and webhooks kept in Redis, so several processes started on it
answer as one (docs/scale.md); a provider that cannot keep its state there is refused, named (start the others
with --only).
--workers N (1-32) needs --state redis://...: N processes on the same ports (node:cluster), the URLs printed once
all listen; a worker that ends is replaced, at most N times a minute (docs/scale.md).
Exit code: 0 after a signal; 2 when it cannot start (port in use, unknown provider, invalid flag or config);
1 when --workers' workers keep ending.`,
  ],
  [
    'credentials',
    () => `Usage:
  ${CREDENTIALS_USAGE}

Prints the test credentials in force (the defaults, with --config FILE over them); --json for scripts.`,
  ],
  ['run', () => runModule().RUN_HELP],
]);

/** The flags of each command (name -> takes a value?); a Map, so a command named "toString" is unknown. */
const FLAGS = new Map<string, () => Readonly<Record<string, boolean>>>([
  [
    'start',
    () => ({
      only: true,
      host: true,
      'port-base': true,
      config: true,
      quiet: false,
      json: false,
      'control-token': true,
      'drain-seconds': true,
      namespace: true,
      ...STATE_FLAGS,
    }),
  ],
  ['credentials', () => ({ json: false, config: true })],
  ['verify', () => verifyModule().VERIFY_FLAGS],
  ['check', () => checkModule().CHECK_FLAGS],
  ['run', () => runModule().RUN_FLAGS],
  ['sign', () => signModule().SIGN_FLAGS],
]);
const GLOBAL_FLAGS = { help: false, version: false };

/** A command's own flags and --help (`start --help`); without a known command, the global flags. */
function acceptedFlags(command: string | undefined): Readonly<Record<string, boolean>> {
  const own = FLAGS.get(command ?? '');
  return own === undefined ? GLOBAL_FLAGS : { ...own(), help: false };
}

/** Runs the CLI; resolves to the process exit code (0 ok, 2 for a usage, config or start problem). */
export async function main(
  argv: readonly string[],
  env: CliEnvironment = processEnvironment(),
): Promise<number> {
  try {
    const parsed = parseArgs(argv, acceptedFlags, (name) => (name === 'check' ? 1 : 0));
    const { command, flags, positionals } = parsed;
    // verify, check and sign print their own --help.
    if (command === 'verify') return await verifyModule().verify(flags, env);
    if (command === 'check') return await checkModule().check(flags, positionals, env);
    if (command === 'sign') return await signModule().sign(parsed, env);
    if (flags.has('help') || command === 'help') {
      env.stdout(`${(HELP.get(command ?? '') ?? usage)()}\n`);
      return 0;
    }
    if (flags.has('version')) {
      env.stdout(`${packageVersion()}\n`);
      return 0;
    }
    if (command === 'start') return await start(flags, env);
    if (command === 'credentials') return credentials(flags, env);
    if (command === 'run') return await runModule().run(parsed, env);
    throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError || isConfigOrStartError(error)) {
      env.stderr(`partner-sandbox: ${error.message}\n`);
      if (error instanceof UsageError) env.stderr(`${usage()}\n`);
      return 2;
    }
    throw error;
  }
}

/** A ConfigError or SandboxStartError (their modules are loaded here, on the error path, if not yet). */
export function isConfigOrStartError(error: unknown): error is Error {
  return error instanceof configModule().ConfigError || error instanceof serverModule().SandboxStartError;
}

/** What a process that serves needs to start its providers: plain data, so a cluster's primary can send it. */
export interface LaunchOptions {
  readonly sandbox: ReturnType<typeof sandboxFlagsOf>;
  readonly host: string;
  readonly drainSeconds: number;
  readonly controlToken?: string;
  readonly quiet: boolean;
  readonly json: boolean;
}

async function start(flags: ReadonlyMap<string, string | true>, env: CliEnvironment): Promise<number> {
  const host = stringFlag(flags, 'host') ?? sandboxModule().DEFAULT_HOST;
  const drainSeconds = drainSecondsOf(stringFlag(flags, 'drain-seconds'));
  const controlToken = controlTokenOf(
    stringFlag(flags, 'control-token') ?? env.variables?.[CONTROL_TOKEN_VARIABLE],
  );
  const sandbox = sandboxFlagsOf(flags);
  const state = await checkStateFlags(flags, env.variables);
  const launch: LaunchOptions = {
    sandbox,
    host,
    drainSeconds,
    ...(controlToken === undefined ? {} : { controlToken }),
    quiet: flags.has('quiet'),
    json: flags.has('json'),
  };
  if (controlToken === undefined && !isLoopback(host)) {
    env.stderr(
      `partner-sandbox: warning: --host ${host} is not loopback: the control surface (/__sandbox/: reset, clock, request journal with bodies) is unauthenticated and reachable from the network; pass --control-token TOKEN to require it\n`,
    );
  }
  if (state.kind === 'redis' && state.workers > 1) {
    // The primary checked Redis; each worker connects its own store.
    await state.store.close();
    sandboxModule().configsOf(launch.sandbox.config, env.providers, new Set(launch.sandbox.only));
    return clusterModule().runCluster({ launch, stateUrl: state.url, workers: state.workers }, env);
  }
  const store = state.kind === 'redis' ? state.store : undefined;
  try {
    const { running, readyOutput } = await launchProviders(launch, env, { stateStore: store });
    env.stdout(readyOutput);
    env.onStarted?.(running);
    await env.stopSignal();
    await running.close();
  } finally {
    await store?.close();
  }
  return 0;
}

/**
 * Starts the providers in this process; resolves with them and what stdout gets once they are ready (the
 * banner, or --json's one line). The request log goes to stdout (--json: stderr; --quiet: nowhere).
 */
export async function launchProviders(
  launch: LaunchOptions,
  env: Pick<CliEnvironment, 'providers' | 'stdout' | 'stderr'>,
  processOptions: import('../sandbox').ProcessOptions = {},
): Promise<{ running: RunningSandbox; readyOutput: string }> {
  const { describeSandbox, namespacedUrl, startProviders } = sandboxModule();
  const { quiet, json, controlToken } = launch;
  const running = await startProviders({
    ...launch.sandbox,
    ...processOptions,
    providers: env.providers,
    host: launch.host,
    // With --json, stdout carries the ready line alone: a script reads it without parsing a log.
    log: quiet ? undefined : (line) => (json ? env.stderr : env.stdout)(`${line}\n`),
    drainSeconds: launch.drainSeconds,
    ...(controlToken === undefined ? {} : { controlToken }),
  });
  const readyOutput = json
    ? `${JSON.stringify({ providers: describeSandbox(running).providers })}\n`
    : banner(running, controlToken !== undefined, namespacedUrl);
  return { running, readyOutput };
}

/** Per provider its base URL(s) and its control surface; then how to get the credentials, as a user types it. */
function banner(
  sandbox: RunningSandbox,
  tokenRequired: boolean,
  urlOf: (running: RunningSandbox, url: string) => string,
): string {
  const lines: string[] = [];
  for (const provider of sandbox.providers) {
    const url = urlOf(sandbox, provider.url);
    const [main, ...aliases] = provider.sandbox.basePaths.map((path) => `${url}${path}`);
    const also = aliases.length > 0 ? `  (also ${aliases.join(', ')})` : '';
    lines.push(`${provider.name.padEnd(8)} ${main ?? url}${also}`);
    lines.push(`${''.padEnd(8)} control surface: ${url}/__sandbox/`);
  }
  if (tokenRequired) lines.push('Control surface: send `Authorization: Bearer <your --control-token>`');
  lines.push('Test credentials: `npx partner-sandbox credentials` (`--json` for scripts)');
  return `${lines.join('\n')}\n`;
}

function credentials(flags: ReadonlyMap<string, string | true>, env: CliEnvironment): number {
  const configs = sandboxModule().configsOf(stringFlag(flags, 'config'), env.providers);
  const principalsOf = (name: string) =>
    env.providers.find((provider) => provider.name === name)?.principalSettings ?? [];
  // The credentials, then the settings that list further principals (members, other partners, accounts).
  const shown = Object.fromEntries(
    [...configs].map(([name, config]) => [
      name,
      {
        ...config.credentials,
        ...Object.fromEntries(principalsOf(name).map((setting) => [setting, config.settings[setting]])),
      },
    ]),
  );
  if (flags.has('json')) {
    env.stdout(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  for (const [name, fields] of Object.entries(shown)) {
    env.stdout(`${name}\n`);
    const width = Math.max(...Object.keys(fields).map((field) => field.length));
    for (const [field, value] of Object.entries(fields))
      env.stdout(`  ${field.padEnd(width)}  ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
  }
  return 0;
}

function drainSecondsOf(value: string | undefined): number {
  const { DEFAULT_DRAIN_SECONDS, MAX_DRAIN_SECONDS } = serverModule();
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
