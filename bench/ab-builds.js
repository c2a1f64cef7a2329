'use strict';
// A/B of builds: the XCover sandbox of each checkout given (each with its own `npm run build`) started once, all
// pinned to CPU 0, then measured in turn for AB_ROUNDS rounds of AB_DURATION seconds (50 connections, the bench's
// signed create-quote), reporting the server's CPU µs per request. Alternating short runs of servers that stay up
// cancels most of this VM's drift, which separate bench runs minutes apart do not.
// Usage: node bench/ab-builds.js <checkout> <checkout> ...
//   e.g. git worktree add /tmp/old e073cad && ln -s $PWD/node_modules /tmp/old/ && (cd /tmp/old && npm run build)
//        node bench/ab-builds.js /tmp/old .
// AB_NODE_ARGS: node options for every server ("DIR" stands for each checkout's folder name), e.g.
//   AB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/ab/DIR" to profile each build under the same conditions.
// AB_START_FLAGS: extra `start` flags for every server ("INDEX" stands for the checkout's place, from 0), e.g.
//   AB_START_FLAGS="--state redis://127.0.0.1:6390/INDEX" for the Redis store, a database per build (a
//   redis-server of your own: never the machine's shared one).

const path = require('node:path');
const { readFileSync } = require('node:fs');
const autocannon = require('autocannon');
const lib = require('./lib');

const checkouts = process.argv.slice(2).map((dir) => path.resolve(dir));
const ROUNDS = Number(process.env.AB_ROUNDS ?? 8);
const DURATION_S = Number(process.env.AB_DURATION ?? 3);
const NODE_ARGS = (process.env.AB_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const START_FLAGS = (process.env.AB_START_FLAGS ?? '').split(/\s+/).filter(Boolean);
const BODY = JSON.stringify(lib.loadCreateQuoteExamples().request);
const signer = lib.createSigner();
const servers = [];

/** utime + stime of a process in µs (Linux /proc; USER_HZ 100). */
function cpuUs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function load(port, durationS) {
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: 50,
        duration: durationS,
        requests: [
          {
            method: 'POST',
            path: lib.SANDBOX_PATH,
            body: BODY,
            setupRequest: (req) => ({ ...req, headers: signer.headers() }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
}

async function main() {
  if (checkouts.length < 2 || !(ROUNDS >= 1) || !(DURATION_S >= 1)) {
    process.stderr.write(
      'usage: node bench/ab-builds.js <checkout> <checkout> ... (AB_ROUNDS, AB_DURATION)\n',
    );
    process.exit(2);
  }
  if (lib.tasksetUsable()) lib.pinSelf(1);
  for (const [index, dir] of checkouts.entries()) {
    const port = await lib.freePort();
    const args = [
      ...NODE_ARGS.map((arg) => arg.replace('DIR', path.basename(dir))),
      path.join(dir, 'bin', 'partner-sandbox.js'),
      ...['start', '--only', 'xcover', '--port-base', String(port - 4), '--quiet'],
      ...START_FLAGS.map((flag) => flag.replace('INDEX', String(index))),
    ];
    servers.push({ dir, port, child: lib.spawnServer(process.execPath, args, { cpu: 0 }), samples: [] });
  }
  await lib.sleep(3000);
  for (const server of servers) await load(server.port, 2); // warm-up, discarded
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const server of servers) {
      const before = cpuUs(server.child.pid);
      const result = await load(server.port, DURATION_S);
      if (result.non2xx || result.errors) throw new Error(`${server.dir}: non-2xx or errors`);
      server.samples.push((cpuUs(server.child.pid) - before) / result.requests.total);
    }
  }
  for (const server of servers) {
    process.stdout.write(
      `${server.dir}: median ${lib.median(server.samples).toFixed(0)} CPU µs/request ` +
        `(rounds ${server.samples.map((us) => us.toFixed(0)).join(', ')})\n`,
    );
    await lib.stopServer(server.child);
  }
}

main().catch(async (error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  await Promise.all(servers.map((server) => lib.stopServer(server.child)));
  process.exit(1);
});
