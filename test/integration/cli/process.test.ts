/**
 * The real executable, as CI scripts run it: `partner-sandbox start` in its own process (the compiled
 * build that `npm run build` makes), stopped with SIGTERM.
 */
import { freePort } from '../../helpers/free-port';
import { startCli as startProcess } from '../../helpers/cli-process';
import { P, quoteBody, xcoverFetch } from '../../helpers/xcover';

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the partner-sandbox process', () => {
  it('prints its URL once ready, serves, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const started = Date.now();
    const sandbox = startProcess(['start', '--port-base', String(port - 4), '--only', 'xcover', '--quiet']);
    await waitFor(() => sandbox.output().stdout.includes('Test credentials'), 10000);
    const readyMs = Date.now() - started;
    expect(sandbox.output().stdout).toContain(`xcover   http://127.0.0.1:${port}/x`);
    const health = await fetch(`http://127.0.0.1:${port}/__sandbox/health`);
    expect(health.status).toBe(200);
    sandbox.child.kill('SIGTERM');
    expect(await sandbox.exited).toBe(0);
    // Readiness is measured properly in bench/; this only guards against a gross regression.
    expect(readyMs).toBeLessThan(5000);
  });

  it('resets a request still held past the drain limit, exits 0, and logs it as reset, not 201', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const sandbox = startProcess(['start', '--port-base', String(port - 4), '--drain-seconds', '1']);
    await waitFor(() => sandbox.output().stdout.includes('Test credentials'), 10000);
    const fault = await fetch(`${url}/__sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ operationId: 'createQuote', delayMs: 60000, times: 1 }),
    });
    expect(fault.status).toBe(201);
    const held = xcoverFetch(url, 'POST', `${P}/quotes/`, quoteBody()).then(
      (response) => response.status,
      () => 'reset',
    );
    // The fault is used up once the request reaches it: from then on the request is held in its delay.
    await waitFor(async () => {
      const active = (await (await fetch(`${url}/__sandbox/faults`)).json()) as { faults: unknown[] };
      return active.faults.length === 0;
    }, 10000);
    sandbox.child.kill('SIGTERM');
    expect(await sandbox.exited).toBe(0);
    expect(await held).toBe('reset');
    const line = sandbox
      .output()
      .stdout.split('\n')
      .find((entry) => entry.includes('POST /x/partners/LLODT/quotes/'));
    expect(line).toMatch(/ xcover POST \/x\/partners\/LLODT\/quotes\/ reset - [\d.]+ms$/);
  });

  it('exits 2 with one line on stderr for a bad command line', async () => {
    const sandbox = startProcess(['start', '--only', 'nope']);
    expect(await sandbox.exited).toBe(2);
    expect(sandbox.output().stderr.split('\n')[0]).toMatch(
      /^partner-sandbox: unknown provider "nope" \(available: ([a-z]+, )*xcover\)$/,
    );
  });
});
