/**
 * A consumer's project, as installing the package makes it, without a registry: the files `npm pack` would
 * publish (its own file list, so `files` is what is tested) copied to `node_modules/partner-sandbox`, the
 * executable linked into `node_modules/.bin`, and the other packages of this checkout's node_modules beside
 * it, as an install of the package and of the consumer's jest, ts-jest and typescript would put them. One
 * fixture for every check of the installed package; `npm run test:install` installs for real through git.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export interface Consumer {
  readonly folder: string;
  /** What `npm pack` would publish. */
  readonly packed: readonly PackedFile[];
}

/** The files `npm pack` would publish (no build: `npm test` has just built). */
export function packedFiles(): PackedFile[] {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts', '--silent'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { files: PackedFile[] }[])[0]!.files;
}

export function createConsumer(): Consumer {
  const folder = mkdtempSync(join(tmpdir(), 'partner-sandbox-consumer-'));
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  const modules = join(folder, 'node_modules');
  const installed = join(modules, 'partner-sandbox');
  const packed = packedFiles();
  for (const { path } of packed) {
    mkdirSync(dirname(join(installed, path)), { recursive: true });
    copyFileSync(join(ROOT, path), join(installed, path));
  }
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry === '.bin' || entry.startsWith('.') || entry === 'partner-sandbox') continue;
    symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
  }
  mkdirSync(join(modules, '.bin'));
  const bin = join(installed, 'bin', 'partner-sandbox.js');
  chmodSync(bin, 0o755);
  symlinkSync(bin, join(modules, '.bin', 'partner-sandbox'));
  return { folder, packed };
}
