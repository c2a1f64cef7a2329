/**
 * `partner-sandbox run -- <command...>`: the sandbox for the lifetime of one command, as CI needs it. The
 * servers are up and healthy before the command starts, the command finds them in its environment, and they
 * are closed whatever happens to it; the command's exit status is `run`'s.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { SandboxStartError, type RunningSandbox } from '../runtime/server';
import { describeSandbox, startProviders, type Sandbox } from '../sandbox';
import { sandboxEnvironment } from '../sandbox-environment';
import { UsageError, type ParsedArgs } from './args';
import type { CliEnvironment } from './main';
import { formatRunReport, runReport } from './run-summary';
import { sandboxFlagsOf, stringFlag } from './sandbox-flags';

export const RUN_FLAGS = {
  only: true,
  config: true,
  'port-base': true,
  namespace: true,
  quiet: false,
  report: true,
};

export const RUN_USAGE =
  'partner-sandbox run [--only LIST] [--config FILE] [--port-base N] [--namespace NAME] [--quiet] [--report FILE] -- <command...>';

export const RUN_HELP = `Usage:
  ${RUN_USAGE}

Starts the providers (all, or those --only names), waits until each answers GET /__sandbox/health, runs the
command (no shell) with the sandbox in its environment, stops every server, and exits with the command's code.

Environment given to the command, per provider NAME (upper snake case):
  NAME_BASE_URL   the API base URL, first base path included (XCOVER_BASE_URL=http://127.0.0.1:4014/x)
  NAME_URL        the server root, where /__sandbox/ is (XCOVER_URL=http://127.0.0.1:4014)
  NAME_<FIELD>    each credential field in upper snake case (XCOVER_PARTNER_CODE, XCOVER_API_KEY, XCOVER_API_SECRET)

--namespace NAME (1 to 64 of A-Z a-z 0-9 . _ -): the command works in namespace NAME, its own state, clock, journal
and faults: both URLs carry the prefix /__ns/NAME (XCOVER_BASE_URL=http://127.0.0.1:4014/__ns/NAME/x), so a
client that cannot send X-Sandbox-Namespace stays in it; the summary's webhooks are those of the namespace.

The command owns stdout; the sandbox's lines (providers, request log) go to stderr, --quiet drops them.
SIGINT and SIGTERM are passed on to the command; the servers close once it exits.

When the command has ended, a summary goes to stderr (not with --quiet): requests per provider and status,
refusals by reason code with the count and one example method and path each, webhooks not delivered.
--report FILE writes the same as JSON ({command, exitCode, providers, refusals, webhooksNotDelivered}), for
CI artifacts. The summary lists; it does not judge: the exit code stays the command's.

Exit code: the command's; 128 + the signal number when it died by a signal; 2 when the sandbox could not
start (a port in use, an unknown provider, an invalid config) or the command could not be run.`;

/** How long a server that listens may take to answer its health check before the start is given up. */
const HEALTH_TIMEOUT_MS = 5000;

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function run(args: ParsedArgs, env: CliEnvironment): Promise<number> {
  const [file, ...commandArgs] = args.rest;
  if (file === undefined) throw new UsageError('run needs a command after --, e.g. run -- npm test');
  const quiet = args.flags.has('quiet');
  const reportFile = stringFlag(args.flags, 'report');
  const say = quiet ? undefined : (line: string) => env.stderr(`${line}\n`);
  // Signals are taken from the start: one during start-up stops before the command is run.
  const received: NodeJS.Signals[] = [];
  let forward: (signal: NodeJS.Signals) => void = (signal) => received.push(signal);
  const onSignal = (signal: NodeJS.Signals) => forward(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, onSignal);
  try {
    const running = await startProviders({
      ...sandboxFlagsOf(args.flags),
      providers: env.providers,
      log: say,
    });
    try {
      await checkHealth(running);
      const sandbox = describeSandbox(running);
      const variables = sandboxEnvironment(sandbox);
      say?.(banner(sandbox, variables));
      env.onStarted?.(running);
      if (received[0] !== undefined) return exitCodeOfSignal(received[0]);
      const exitCode = await runCommand(
        file,
        commandArgs,
        { ...(env.variables ?? process.env), ...variables },
        env,
        (send) => {
          forward = send;
        },
      );
      report(runReport(running, [file, ...commandArgs], exitCode), quiet, reportFile, env);
      return exitCode;
    } finally {
      await running.close();
    }
  } finally {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, onSignal);
  }
}

/** The summary on stderr (unless quiet) and as JSON in `file`; a file that cannot be written is said, not fatal. */
function report(
  summary: ReturnType<typeof runReport>,
  quiet: boolean,
  file: string | undefined,
  env: CliEnvironment,
): void {
  if (!quiet) env.stderr(formatRunReport(summary));
  if (file === undefined) return;
  try {
    writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  } catch (error) {
    env.stderr(
      `partner-sandbox: cannot write the report to ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
  }
}

/** Each server answers `GET /__sandbox/health` with 200, or the start has failed. */
async function checkHealth(running: RunningSandbox): Promise<void> {
  await Promise.all(
    running.providers.map(async ({ name, url }) => {
      const status = await fetch(`${url}/__sandbox/health`, {
        signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
      }).then(
        (response) => String(response.status),
        (error: Error) => error.message,
      );
      if (status !== '200')
        throw new SandboxStartError(`${name} did not answer its health check at ${url}: ${status}`);
    }),
  );
}

/** Per provider its base URL, then the names of the variables the command gets (values are not repeated). */
function banner(sandbox: Sandbox, variables: Readonly<Record<string, string>>): string {
  const lines = Object.entries(sandbox.providers).map(
    ([name, { baseUrl }]) => `${name.padEnd(8)} ${baseUrl}`,
  );
  return [...lines, `Environment for the command: ${Object.keys(variables).join(' ')}`].join('\n');
}

/**
 * Spawns the command with stdio inherited and resolves with its exit code: its own, 128 + the signal number
 * when a signal ended it, 2 when it could not be spawned. `onSpawned` gets the way to pass a signal on.
 */
function runCommand(
  file: string,
  commandArgs: readonly string[],
  variables: Readonly<Record<string, string | undefined>>,
  env: CliEnvironment,
  onSpawned: (send: (signal: NodeJS.Signals) => void) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(file, commandArgs, { stdio: 'inherit', env: variables });
    child.once('error', (error: NodeJS.ErrnoException) => {
      env.stderr(`partner-sandbox: cannot run ${file}: ${error.code ?? error.message}\n`);
      resolve(2);
    });
    child.once('exit', (code, signal) => resolve(code ?? exitCodeOfSignal(signal ?? 'SIGTERM')));
    onSpawned((signal) => child.kill(signal));
  });
}

/** The shell's convention for a process a signal ended: 128 + the signal's number. */
function exitCodeOfSignal(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
