#!/usr/bin/env node
'use strict';
/**
 * `npm test`'s steps before Jest (lint, typecheck, Spectral, the generated-types check, the build), as many at
 * once as the machine has cores: each is one single-threaded process, so one after the other left a core idle
 * for ~45 s. Each step's output is printed whole when it ends (never interleaved); the exit code is 1 when
 * any step failed, after all have ended, so one run reports every failing step.
 *
 * Usage: node scripts/checks.js SCRIPT... (npm script names, started in the order given).
 */
const { spawn } = require('node:child_process');
const os = require('node:os');

const scripts = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const slots = Math.max(1, Math.min(cores, scripts.length));

function runScript(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, ['run', name], {
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    let output = '';
    let done = false;
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const finish = (code) => {
      if (done) return;
      done = true;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const verdict = code === 0 ? 'ok' : `FAILED (exit ${code})`;
      process.stdout.write(`> npm run ${name}: ${verdict} in ${seconds} s\n${output}`);
      if (output !== '' && !output.endsWith('\n')) process.stdout.write('\n');
      resolve(code === 0);
    };
    child.once('error', (error) => {
      output += `${error.message}\n`;
      finish(-1);
    });
    child.once('close', (code) => finish(code));
  });
}

async function main() {
  const queue = [...scripts];
  const results = [];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift())
      results.push(await runScript(name));
  };
  await Promise.all(Array.from({ length: slots }, worker));
  if (results.includes(false)) process.exitCode = 1;
}

void main();
