'use strict';
// The sandbox CLI in a child process with bench/memory-probe.js preloaded, and its memory asked over IPC: what
// bench/memory.js and bench/many-keys-memory.js measure.

const { spawn } = require('node:child_process');
const path = require('node:path');
const { ROOT } = require('./lib');

/** `partner-sandbox start --port-base N --quiet` plus `args`, its memory readable with `memoryOf`. */
function startProbedSandbox(portBase, args = []) {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--require',
      path.join(__dirname, 'memory-probe.js'),
      path.join(ROOT, 'bin', 'partner-sandbox.js'),
      'start',
      ...args,
      '--port-base',
      String(portBase),
      '--quiet',
    ],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.output = () => '(output went to this terminal)';
  return child;
}

/** The sandbox's memory (`process.memoryUsage()`), after a full GC when `gc`. */
function memoryOf(child, gc = true) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send({ type: 'memory', gc });
  });
}

module.exports = { startProbedSandbox, memoryOf };
