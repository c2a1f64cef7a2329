'use strict';
// The raw rate of ethers `verifyMessage` for bench/run.js: the ceiling of a signed EIP-191 new-policy, which
// recovers one signature per request. Recovers the bench's own X-EIP191-Signature (the same message, the body's
// hex SHA-256, and key) in a loop, in a process of its own pinned like the servers, for a warm-up then the
// measured seconds, and prints {opsPerSec, ops, seconds, cpuUsPerOp} as JSON.
// Usage: node bench/verify-message-rate.js <durationS> <warmupS>

const { performance } = require('node:perf_hooks');
const { verifyMessage } = require('ethers');
const { createEnsuroRequests } = require('./lib');

const [durationS, warmupS] = process.argv.slice(2).map(Number);
if (!(durationS > 0) || !(warmupS >= 0)) {
  process.stderr.write('usage: node bench/verify-message-rate.js <durationS> <warmupS>\n');
  process.exit(2);
}

const { digestHex, signature, signerAddress } = createEnsuroRequests().eip191Message;

/** Recovers for `seconds`; checks every result (a wrong address would measure nothing useful). */
function run(seconds) {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let ops = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 10; i += 1) {
      if (verifyMessage(digestHex, signature) !== signerAddress)
        throw new Error('verifyMessage: wrong address');
      ops += 1;
    }
  }
  return { ops, seconds: (performance.now() - started) / 1000 };
}

run(warmupS);
const cpu = process.cpuUsage();
const { ops, seconds } = run(durationS);
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({ opsPerSec: ops / seconds, ops, seconds, cpuUsPerOp: (used.user + used.system) / ops })}\n`,
);
