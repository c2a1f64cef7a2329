#!/usr/bin/env node
'use strict';
// Measures what installing the package costs and writes it into the README's "Install size" paragraph (between
// the install-size markers): the packed package (`npm pack --dry-run`, after a build) and its production
// dependency tree as installed here (`npm ls --omit=dev`), on disk (allocated blocks, what `du` shows) and as
// apparent size. `--write` updates the README; without it the paragraph is printed.
const { execFileSync } = require('node:child_process');
const { lstatSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, sep } = require('node:path');

const root = join(__dirname, '..');
const readme = join(root, 'README.md');
const START = '<!-- install-size:start (npm run docs:install-size) -->';
const END = '<!-- install-size:end -->';

const npm = (args) => execFileSync('npm', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** Bytes of every file under `dir`: apparent (sizes) and on disk (512-byte blocks allocated). */
function sizeOf(dir, total = { apparent: 0, disk: 0 }) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const stat = lstatSync(path);
    total.apparent += stat.size;
    total.disk += stat.blocks * 512;
    if (entry.isDirectory()) sizeOf(path, total);
  }
  return total;
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const kib = (bytes) => `${Math.round(bytes / 1024)} KiB`;

const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts', '--silent']));
const dirs = [...new Set(npm(['ls', '--omit=dev', '--all', '--parseable']).trim().split('\n'))].filter(
  (dir) => dir !== root,
);
// Nested packages sit inside their parent's folder: counted once, through the outermost.
const outermost = dirs.filter(
  (dir) => !dirs.some((other) => other !== dir && dir.startsWith(`${other}${sep}`)),
);
const deps = outermost.reduce((total, dir) => sizeOf(dir, total), { apparent: 0, disk: 0 });

const paragraph = `The published package is ${kib(packed.size)} packed, ${mib(packed.unpackedSize)} unpacked (${packed.entryCount}
files: the compiled code with its types and source maps, the specs, the contracts, the docs). Its dependencies,
which the mock servers need (Prism, Express, Ajv), add ${dirs.length} packages: ${mib(deps.disk)} on disk (what \`du\`
shows), ${mib(deps.apparent)} of file contents. Installing for the signers and clients alone installs them too: they
are dependencies, not optional. (Measured by \`npm run docs:install-size\`, from this checkout's production
dependencies, \`npm ls --omit=dev\`.)`;

if (!process.argv.includes('--write')) {
  process.stdout.write(`${paragraph}\n`);
} else {
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${START} ... ${END} markers`);
  writeFileSync(readme, `${text.slice(0, start + START.length)}\n\n${paragraph}\n\n${text.slice(end)}`);
}
