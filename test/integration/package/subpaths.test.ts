/**
 * The package as a consumer resolves it, through the `exports` map of package.json onto the build (a child
 * process requires `partner-sandbox/...` by name, as an installed package is): each `src/` folder is a
 * subpath that loads no mock server, Prism or Express code; the root has everything.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs a CommonJS script in a child Node from the package root and returns what it printed as JSON. */
function inChild<T>(script: string): T {
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' })) as T;
}

/** Every folder of src/ with an entry point: each provider's and the shared helpers (none named here). */
const SUBPATHS = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'src', entry.name, 'index.ts')))
  .map((entry) => entry.name);

describe('the package exports', () => {
  it('has a subpath for XCover at least', () => expect(SUBPATHS).toContain('xcover'));

  it.each(SUBPATHS)('partner-sandbox/%s loads no mock, Prism or Express code', (subpath) => {
    const { exported, loaded } = inChild<{ exported: string[]; loaded: string[] }>(`
      const exported = Object.keys(require('partner-sandbox/${subpath}'));
      console.log(JSON.stringify({ exported, loaded: Object.keys(require.cache) }));`);
    expect(exported.length).toBeGreaterThan(0);
    expect(loaded.some((file) => file.includes(join('dist', 'src', subpath)))).toBe(true);
    const forbidden = loaded.filter((file) =>
      /[\\/]node_modules[\\/](express|@stoplight)[\\/]|[\\/]dist[\\/]mocks[\\/]/.test(file),
    );
    expect(forbidden).toEqual([]);
  });

  it('partner-sandbox itself has the clients, the signers and startSandbox', () => {
    const root = inChild<Record<string, string>>(`
      const root = require('partner-sandbox');
      console.log(JSON.stringify({
        startSandbox: typeof root.startSandbox,
        sandboxEnvironment: typeof root.sandboxEnvironment,
        createXCoverClient: typeof root.xcover.createXCoverClient,
        hmac: typeof root.hmac,
      }));`);
    expect(root).toEqual({
      startSandbox: 'function',
      sandboxEnvironment: 'function',
      createXCoverClient: 'function',
      hmac: 'function',
    });
  });

  it('partner-sandbox/package.json is the manifest', () => {
    expect(inChild<string>(`console.log(JSON.stringify(require('partner-sandbox/package.json').name))`)).toBe(
      'partner-sandbox',
    );
  });
});
