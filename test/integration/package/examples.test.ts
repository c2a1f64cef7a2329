/**
 * The documented examples run as a consumer runs them, against the build: `examples/jest` with its own jest
 * config, `partner-sandbox` resolved by name through the package's `exports`; `examples/ci/with-sandbox.sh`
 * from a folder where the package is installed as a consumer's (node_modules/.bin/partner-sandbox).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, portIsFree } from '../../helpers/free-port';

const ROOT = join(__dirname, '..', '..', '..');

describe('examples/', () => {
  it('examples/jest passes: startSandbox and the typed XCover client from a jest test', () => {
    const jest = spawnSync(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--config', 'examples/jest/jest.config.js', '--ci'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(jest.stderr).toMatch(/Tests: +2 passed, 2 total/);
    expect(jest.status).toBe(0);
  }, 60_000);
});

/** A consumer's project folder: the package's executable where npm puts it. */
function consumerFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'partner-sandbox-consumer-'));
  mkdirSync(join(folder, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(
    join(ROOT, 'bin', 'partner-sandbox.js'),
    join(folder, 'node_modules', '.bin', 'partner-sandbox'),
  );
  return folder;
}

describe('examples/ci/with-sandbox.sh', () => {
  it('runs the command against a ready sandbox, keeps its exit status, and stops the sandbox', async () => {
    const port = await freePort();
    const script = spawnSync(
      join(ROOT, 'examples', 'ci', 'with-sandbox.sh'),
      [process.execPath, '-e', 'console.log(process.env.XCOVER_BASE_URL); process.exit(3)'],
      {
        cwd: consumerFolder(),
        encoding: 'utf8',
        env: { ...process.env, SANDBOX_PORT_BASE: String(port - 4) },
      },
    );
    expect(script.stdout).toBe(`http://127.0.0.1:${port}/x\n`);
    expect(script.status).toBe(3);
    expect(await portIsFree(port)).toBe(true);
  }, 60_000);

  it('exits 2 when the sandbox cannot start', async () => {
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const script = spawnSync(join(ROOT, 'examples', 'ci', 'with-sandbox.sh'), ['true'], {
        cwd: consumerFolder(),
        encoding: 'utf8',
        env: { ...process.env, SANDBOX_PORT_BASE: String(port - 4) },
      });
      expect(script.stderr).toContain('the sandbox did not start');
      expect(script.status).toBe(2);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 60_000);
});
