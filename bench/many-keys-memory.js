'use strict';
/* global Buffer */
// Memory under 1 MiB bodies of ~95,000 unknown keys (issue 17, finding 1): all five providers in one sandbox
// process, ROUNDS such bodies in a row to Kigo's unauthenticated `POST /api/v1/auth/sessions` (every one a 422
// with its violations capped), the process's RSS after each (no forced GC: what the operating system sees),
// its peak, each answer's size and time, and every provider's health answered after each body. Run
// `npm run build` first, then `node bench/many-keys-memory.js`. See docs/performance.md.
// Overrides: MANY_KEYS_ROUNDS (30), MANY_KEYS_RSS_LIMIT_MIB (600).

const { performance } = require('node:perf_hooks');
const lib = require('./lib');
const { memoryOf, startProbedSandbox } = require('./probed-sandbox');

const ROUNDS = Number(process.env.MANY_KEYS_ROUNDS ?? 30);
const RSS_LIMIT_MIB = Number(process.env.MANY_KEYS_RSS_LIMIT_MIB ?? 600);
const BODY_LIMIT = 1024 * 1024;
const PROVIDERS = ['kasko', 'ensuro', 'kigo', 'kashier', 'xcover'];

/** The largest JSON object of keys `k0`, `k1`... that fits the 1 MiB body limit. */
function manyKeysBody() {
  const parts = [];
  let length = 2;
  for (let key = 0; ; key++) {
    const part = `"k${key}":1`;
    if (length + part.length + 1 > BODY_LIMIT) break;
    parts.push(part);
    length += part.length + 1;
  }
  return { text: `{${parts.join(',')}}`, keys: parts.length };
}

const mib = (bytes) => (bytes / (1024 * 1024)).toFixed(1);

async function main() {
  const portBase = (await lib.freePort()) - 10;
  const port = (name) => portBase + PROVIDERS.indexOf(name);
  const child = startProbedSandbox(portBase);
  try {
    for (const name of PROVIDERS) {
      await lib.pollUntil(
        async () => {
          const response = await lib.request({ port: port(name), method: 'GET', path: '/__sandbox/health' });
          return response.status === 200 ? true : undefined;
        },
        { child, deadlineMs: 60_000, intervalMs: 100, what: name },
      );
    }
    await lib.sleep(3000);
    const start = await memoryOf(child, true);
    const { text, keys } = manyKeysBody();
    let peak = start.rss;
    const times = [];
    let answerBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const response = await lib.request({
        port: port('kigo'),
        method: 'POST',
        path: '/api/v1/auth/sessions',
        headers: { 'content-type': 'application/json' },
        body: text,
        timeoutMs: 60_000,
      });
      times.push(performance.now() - started);
      if (response.status !== 422) throw new Error(`round ${round}: answered ${response.status}`);
      answerBytes = Buffer.byteLength(response.body);
      for (const name of PROVIDERS) {
        const health = await lib.request({ port: port(name), method: 'GET', path: '/__sandbox/health' });
        if (health.status !== 200)
          throw new Error(`round ${round}: ${name} health answered ${health.status}`);
      }
      peak = Math.max(peak, (await memoryOf(child, false)).rss);
    }
    const end = await memoryOf(child, false);
    const afterGc = await memoryOf(child, true);
    console.log(
      `node ${process.version}, all five providers in one process, ${ROUNDS} bodies of ${BODY_LIMIT} bytes ` +
        `(${keys} keys) to Kigo POST /api/v1/auth/sessions`,
    );
    console.log('| Measure | Value |');
    console.log('| --- | --: |');
    console.log(`| RSS at start (after GC), MiB | ${mib(start.rss)} |`);
    console.log(`| RSS peak after any body (no GC), MiB | ${mib(peak)} |`);
    console.log(`| RSS after the last body (no GC), MiB | ${mib(end.rss)} |`);
    console.log(`| RSS after the last body, after GC, MiB | ${mib(afterGc.rss)} |`);
    console.log(`| Heap used after GC, MiB | ${mib(afterGc.heapUsed)} |`);
    console.log(`| Answer size, bytes | ${answerBytes} |`);
    console.log(
      `| Answer time, median / max, ms | ${lib.median(times).toFixed(0)} / ${Math.max(...times).toFixed(0)} |`,
    );
    if (peak > RSS_LIMIT_MIB * 1024 * 1024) {
      console.error(`RSS peaked at ${mib(peak)} MiB, over the ${RSS_LIMIT_MIB} MiB limit`);
      process.exitCode = 1;
    }
  } finally {
    await lib.stopServer(child);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
