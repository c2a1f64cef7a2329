'use strict';
/* global Buffer */
// Memory of the XCover sandbox under load (issue 7): RSS and heap at start, after 200k small signed
// create-quote requests, after 2,000 signed create-quote requests with 1 MiB bodies (the event name, which
// the sandbox keeps and shows), and after reset. Each figure is taken after a full GC in the sandbox process
// (`--expose-gc`, bench/memory-probe.js). Run `npm run build` first, then `node bench/memory.js`.
// See docs/performance.md. Overrides: MEMORY_SMALL (200000), MEMORY_LARGE (2000), MEMORY_CONNECTIONS (50).

const http = require('node:http');
const autocannon = require('autocannon');
const lib = require('./lib');
const { memoryOf, startProbedSandbox } = require('./probed-sandbox');

const SMALL = intEnv('MEMORY_SMALL', 200_000);
const LARGE = intEnv('MEMORY_LARGE', 2000);
const CONNECTIONS = intEnv('MEMORY_CONNECTIONS', 50);
/** Large bodies go a few at a time: the point is what stays in memory, not throughput. */
const LARGE_CONCURRENCY = 4;
const BODY_LIMIT = 1024 * 1024;

function intEnv(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

const examples = lib.loadCreateQuoteExamples();
const SMALL_BODY = JSON.stringify(examples.request);
const signer = lib.createSigner();

/** The spec's create-quote example with an event name that brings the body to exactly 1 MiB. */
function largeBody() {
  const item = examples.request.request[0];
  const shape = (name) => JSON.stringify({ ...examples.request, request: [{ ...item, event_name: name }] });
  const body = shape('x'.repeat(BODY_LIMIT - Buffer.byteLength(shape(''))));
  if (Buffer.byteLength(body) !== BODY_LIMIT) throw new Error('large body is not 1 MiB');
  return body;
}

async function sendSmall(port) {
  const result = await new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        amount: SMALL,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: lib.SANDBOX_PATH,
            body: SMALL_BODY,
            setupRequest: (req) => ({ ...req, headers: { ...signer.headers() } }),
          },
        ],
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    );
  });
  if (result['2xx'] !== SMALL) throw new Error(`small requests: ${result['2xx']} of ${SMALL} answered 2xx`);
}

async function sendLarge(port) {
  const body = largeBody();
  const agent = new http.Agent({ keepAlive: true, maxSockets: LARGE_CONCURRENCY });
  let next = 0;
  const worker = async () => {
    while (next < LARGE) {
      next += 1;
      const status = await new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: lib.SANDBOX_PATH,
            agent,
            headers: signer.headers(),
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      if (status !== 201) throw new Error(`large request answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: LARGE_CONCURRENCY }, worker));
  agent.destroy();
}

const mib = (bytes) => (bytes / (1024 * 1024)).toFixed(1);

async function main() {
  const port = await lib.freePort();
  const child = startProbedSandbox(port - 4, ['--only', 'xcover']);
  try {
    await lib.pollUntil(
      async () => {
        const response = await lib.request({ port, method: 'GET', path: '/__sandbox/health' });
        return response.status === 200 ? true : undefined;
      },
      { child, deadlineMs: 30_000, intervalMs: 50, what: 'sandbox' },
    );
    // Let the background compilation of the request validators finish, as a started sandbox would have.
    await lib.sleep(2000);
    const rows = [['start', await memoryOf(child)]];
    await sendSmall(port);
    rows.push([`after ${SMALL} small create-quote requests`, await memoryOf(child)]);
    await sendLarge(port);
    rows.push([`after ${LARGE} create-quote requests of 1 MiB`, await memoryOf(child)]);
    const reset = await lib.request({ port, method: 'POST', path: '/__sandbox/reset' });
    if (reset.status !== 204) throw new Error(`reset answered ${reset.status}`);
    rows.push(['after reset', await memoryOf(child)]);

    console.log(`node ${process.version}, XCover sandbox, figures after a full GC (MiB)`);
    console.log('| When | RSS | Heap used | Heap total | External |');
    console.log('| --- | --: | --: | --: | --: |');
    for (const [when, m] of rows)
      console.log(
        `| ${when} | ${mib(m.rss)} | ${mib(m.heapUsed)} | ${mib(m.heapTotal)} | ${mib(m.external)} |`,
      );
  } finally {
    await lib.stopServer(child);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
