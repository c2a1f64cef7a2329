'use strict';
// The loop of bench/run.js's raw-rate targets: an operation run alone, in a process of its own pinned like the
// servers, for a warm-up then the measured seconds; prints {opsPerSec, ops, seconds, cpuUsPerOp} as JSON.

const { performance } = require('node:perf_hooks');

/** The two arguments every raw-rate script takes: `<durationS> <warmupS>`; exits 2 on anything else. */
function rateArguments(script) {
  const [durationS, warmupS] = process.argv.slice(2).map(Number);
  if (!(durationS > 0) || !(warmupS >= 0)) {
    process.stderr.write(`usage: node bench/${script} <durationS> <warmupS>\n`);
    process.exit(2);
  }
  return { durationS, warmupS };
}

/** Runs `operation(i)` for `seconds`, ten calls between clock reads. */
function runFor(seconds, operation) {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let ops = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 10; i += 1) {
      operation(ops);
      ops += 1;
    }
  }
  return { ops, seconds: (performance.now() - started) / 1000 };
}

/** Warms `operation` up, measures it, and prints the figures bench/run.js reads. */
function measureAndPrint(script, operation) {
  const { durationS, warmupS } = rateArguments(script);
  runFor(warmupS, operation);
  const cpu = process.cpuUsage();
  const { ops, seconds } = runFor(durationS, operation);
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `${JSON.stringify({ opsPerSec: ops / seconds, ops, seconds, cpuUsPerOp: (used.user + used.system) / ops })}\n`,
  );
}

module.exports = { measureAndPrint };
