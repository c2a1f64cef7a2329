/**
 * The install a user without the npm registry's copy makes: `npm install -D git+file://<checkout>` into a fresh
 * project (the committed HEAD; the git install builds itself through `prepare`), then the executable through
 * npx, a started sandbox, and a provider subpath imported by name; `npm publish --dry-run` stays clean. Uses
 * the npm cache first (`--prefer-offline`); the registry is reached only for what the cache lacks.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/free-port';

const ROOT = join(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd, encoding: 'utf8' });

let consumer: string;
beforeAll(() => {
  consumer = mkdtempSync(join(tmpdir(), 'partner-sandbox-git-consumer-'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  npm(['install', '-D', `git+file://${ROOT}`], consumer);
});

it('runs through npx, starts, and answers; a provider subpath imports by name', async () => {
  expect(
    execFileSync('npx', ['--no-install', 'partner-sandbox', '--version'], {
      cwd: consumer,
      encoding: 'utf8',
    }),
  ).toBe(`${version}\n`);
  const subpath = execFileSync(
    process.execPath,
    ['-e', "console.log(typeof require('partner-sandbox/xcover').createXCoverClient)"],
    { cwd: consumer, encoding: 'utf8' },
  );
  expect(subpath).toBe('function\n');

  const started = spawn(
    join(consumer, 'node_modules', '.bin', 'partner-sandbox'),
    ['start', '--json', '--only', 'xcover', '--port-base', String((await freePort()) - 4)],
    {
      cwd: consumer,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      let out = '';
      started.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out);
      });
      started.once('exit', (code) => reject(new Error(`start exited with ${code}`)));
    });
    const { url } = (JSON.parse(ready) as { providers: { xcover: { url: string } } }).providers.xcover;
    expect(await (await fetch(`${url}/__sandbox/health`)).json()).toEqual({
      provider: 'xcover',
      status: 'ok',
    });
  } finally {
    started.kill('SIGTERM');
  }
});

it('publishes cleanly (npm publish --dry-run: no warning about the package)', () => {
  // The log level set, not inherited: `npm run -s` passes `silent` down to this npm, which would print nothing.
  const publish = spawnSync('npm', ['publish', '--dry-run', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'notice' },
  });
  expect(publish.status).toBe(0);
  expect(publish.stderr).toContain(`partner-sandbox@${version}`);
  // Being logged in to the registry is the publisher's business, not the package's.
  const warnings = publish.stderr
    .split('\n')
    .filter((line) => /\bwarn/i.test(line) && !/logged in/.test(line));
  expect(warnings).toEqual([]);
});
