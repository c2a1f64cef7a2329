/**
 * The documented examples run as a consumer runs them, against the build: `examples/jest` with its own jest
 * config, `partner-sandbox` resolved by name through the package's `exports`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

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
