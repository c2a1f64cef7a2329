/**
 * The real executable in its own process, as CI scripts run it (the compiled build that `npm run build`
 * makes), with its output captured and waited on by event, not by polling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';

export const BIN = join(__dirname, '..', '..', 'bin', 'partner-sandbox.js');

export interface CliProcess {
  readonly child: ChildProcess;
  /** The exit code; null when a signal ended the process. */
  readonly exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout contains the text; rejects if the process exits first. */
  stdoutContains(text: string): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Ends the processes a failed test left running (call from `afterEach`), so jest is not held open. */
export function killLeftoverClis(): void {
  for (const child of running) child.kill('SIGKILL');
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const stdoutContains = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!stdout.includes(text)) return;
        child.stdout.off('data', check);
        resolve();
      };
      child.stdout.on('data', check);
      check();
      void exited.then(() =>
        reject(new Error(`exited before printing ${JSON.stringify(text)}: ${stdout}\n${stderr}`)),
      );
    });
  return { child, exited, output: () => ({ stdout, stderr }), stdoutContains };
}

/** `partner-sandbox run --only xcover` on a free port, running `command`; the port is XCover's. */
export async function runOnFreePort(
  command: readonly string[],
  flags: readonly string[] = [],
): Promise<{ port: number; cli: CliProcess }> {
  const port = await freePort();
  const cli = startCli([
    'run',
    '--only',
    'xcover',
    '--port-base',
    String(port - 4),
    ...flags,
    '--',
    ...command,
  ]);
  return { port, cli };
}
