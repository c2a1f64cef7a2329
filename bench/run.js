'use strict';
/* global Buffer */
// Throughput/latency bench of the XCover sandbox against Prism and a bare Express 5 app, plus the
// sandbox's ready time, and of Ensuro's signed new-policy's server CPU per request against XCover's plus one
// library signature measured alone. See docs/performance.md. Run with `npm run bench` (builds dist/ first).
//
// Targets, one after the other, each alone on the machine, all on 127.0.0.1:
//   sandbox         node bin/partner-sandbox.js start --only xcover --port-base <free> --quiet
//                   POST /x/partners/LLODT/quotes/ signed (re-signed each second) and validated -> 201
//   prism           prism mock -v silent specs/xcover.yaml, POST /partners/LLODT/quotes/ (same headers/body) -> 201
//   express         bench/express-ceiling.js: express.json() + fixed 201 JSON (the spec's example)
//   ensuro-hmac     node bin/partner-sandbox.js start --only ensuro ..., POST /api/v0/example/new-policy with
//                   X-Ensuro-Signature (HMAC) -> 200: one quote signed by the pricer per request
//   library-signature  bench/library-signature-rate.js: ethers SigningKey.sign of a digest in a loop (ops/s)
//   ensuro-eip191   the same new-policy with X-EIP191-Signature (also one signature recovered) -> 200
//   verify-message  bench/verify-message-rate.js: ethers verifyMessage of that same signature in a loop (ops/s)
//   redis-1, redis-2, redis-4  the scale run (bench/scale.js): the sandbox's signed create-quote with --state on a
//                   redis-server of the bench's own and --workers 1, 2, 4 (2 and 4 on every CPU), against `sandbox`
//   redis-1-every-cpu  1 worker on every CPU, as 2 workers are: what a second worker adds (informational)
// Servers (and the verifyMessage loop; the scale run's 2 and 4 workers and Redis excepted) run pinned to CPU 0, this process (autocannon) to CPU 1, when taskset is
// usable.
//
// Environment overrides (defaults are the documented method): BENCH_CONNECTIONS (50), BENCH_DURATION (10 s),
// BENCH_WARMUP (2 s), BENCH_ROUNDS (3, interleaved), BENCH_READY_RUNS (5), BENCH_TARGETS (all of the above, in
// that order; e.g. "sandbox,ensuro-hmac,library-signature" for the Ensuro target), BENCH_SANDBOX_NODE_ARGS
// (extra node flags for the sandbox processes, e.g. "--cpu-prof --cpu-prof-dir=bench/results/prof"),
// BENCH_ENFORCE_TARGETS=1 (exit 1 when a performance target is missed, not only on bad responses),
// BENCH_LOW_CONNECTIONS (1: extra, informational sandbox run at that many connections; 0 skips it),
// BENCH_QUIET_WAIT (60: seconds to wait at most for other processes to stop using CPU; 0 skips the wait),
// BENCH_SMOKE=1 (a short run proving the bench works, not a measurement: 2 s measured, 1 s warm-up, 1 round,
// 1 ready run, no low-connection run, no quiet wait; any of the variables above still overrides).

const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const autocannon = require('autocannon');
const lib = require('./lib');
const scale = require('./scale');

const SMOKE = process.env.BENCH_SMOKE === '1';
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50);
const DURATION_S = intEnv('BENCH_DURATION', SMOKE ? 2 : 10);
const WARMUP_S = intEnv('BENCH_WARMUP', SMOKE ? 1 : 2);
const READY_RUNS = intEnv('BENCH_READY_RUNS', SMOKE ? 1 : 5);
/**
 * Rounds of the targets, interleaved (sandbox, prism, express, sandbox, ...): this VM's speed drifts by ±10 %
 * over minutes, so each figure is the median of its rounds and the ratios come from those medians.
 */
const ROUNDS = intEnv('BENCH_ROUNDS', SMOKE ? 1 : 3);
const ALL_TARGETS =
  'sandbox,prism,express,ensuro-hmac,library-signature,ensuro-eip191,verify-message,' +
  Object.keys(scale.SCALE_TARGETS).join(',');
const TARGETS = (process.env.BENCH_TARGETS ?? ALL_TARGETS).split(',').map((s) => s.trim());
const SANDBOX_NODE_ARGS = (process.env.BENCH_SANDBOX_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const ENFORCE_TARGETS = process.env.BENCH_ENFORCE_TARGETS === '1';
/**
 * Informational: sandbox latency with this many connections (closed loop, default 1 = service time without
 * queueing; 0 = skip). autocannon's rate limiting sends each second's quota in a burst, so a "fixed rate"
 * run would measure bursts, not service time.
 */
const LOW_CONNECTIONS =
  process.env.BENCH_LOW_CONNECTIONS === '0' || (SMOKE && process.env.BENCH_LOW_CONNECTIONS === undefined)
    ? 0
    : intEnv('BENCH_LOW_CONNECTIONS', 1);
/** Longest wait for the machine to go quiet (other processes) before each measurement, seconds. */
const QUIET_WAIT_S =
  process.env.BENCH_QUIET_WAIT === '0' || (SMOKE && process.env.BENCH_QUIET_WAIT === undefined)
    ? 0
    : intEnv('BENCH_QUIET_WAIT', 60);
const RESULTS_PATH = path.join(__dirname, 'results', 'latest.json');

const SERVER_CPU = 0;
const EVERY_CPU = `0-${os.availableParallelism() - 1}`;
const LOADGEN_CPU = 1;
const READY_LIMIT_MS = 15_000; // bound on any start-up wait
const READY_POLL_MS = 2;
const OTHER_CPU_WARN = 15; // % of one CPU used by anything else during a measurement // retry interval while waiting for the first 201

const GOALS = {
  vsPrism: 1.5, // sandbox req/s >= 1.5 x Prism
  vsExpress: 0.85, // sandbox req/s >= 85 % of bare Express (issue 21; 75 % before)
  p99VsExpress: 1.25, // sandbox p99 <= 1.25 x bare Express's p99, same run (issue 21)
  p99Ms: 10, // sandbox p99 <= 10 ms at 50 connections
  readyMs: 1000, // spawn -> first signed 201 <= 1 s (median)
  // Ensuro new-policy (HMAC) server CPU per request <= (XCover create-quote's + one library signature's) x 1.25
  ensuroCpuMargin: 1.25,
};

function intEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const examples = lib.loadCreateQuoteExamples();
const BODY = JSON.stringify(examples.request);
const signer = lib.createSigner();
const ensuro = lib.createEnsuroRequests();

/**
 * The XCover create-quote every XCover target gets: same method, headers (freshly signed each second) and body,
 * answered 201.
 */
function xcoverRequest(requestPath) {
  return {
    status: 201,
    path: requestPath,
    body: BODY,
    headers: () => ({ ...signer.headers() }),
  };
}

/**
 * Ensuro's new-policy with its body signature (`eip191` or `hmac`), answered 200. One body, signed once: the
 * sandbox checks the signature afresh on every request (nothing is kept between requests) and signs a fresh quote
 * for each.
 */
function ensuroRequest(method) {
  return {
    status: 200,
    path: ensuro.path,
    body: ensuro.body,
    headers: () => ({ ...ensuro.headers[method] }),
  };
}

function runAutocannon(port, request, durationS, connections = CONNECTIONS) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        pipelining: 1,
        duration: durationS,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: request.path,
            body: request.body,
            setupRequest: (req) => ({ ...req, headers: request.headers() }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** Busy (non-idle) time of the whole machine in ms from /proc/stat, or null when unavailable. */
function machineBusyMs() {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.slice(0, 8).reduce((sum, v) => sum + v, 0); // user..steal (guest is in user)
    return ((total - cpu[3] - cpu[4]) * 1000) / 100; // minus idle, iowait; USER_HZ 100
  } catch {
    return null;
  }
}

/**
 * Waits (bounded by QUIET_WAIT_S) until the machine's busy time over one second, minus this process, is
 * under OTHER_CPU_WARN % — other processes (a test run, a build) would disturb the figures. Returns the
 * last sample (% of one CPU), or null when /proc/stat is unavailable or the wait is disabled.
 */
async function waitForQuiet(what) {
  if (QUIET_WAIT_S === 0 || machineBusyMs() === null) return null;
  const deadline = Date.now() + QUIET_WAIT_S * 1000;
  let other = null;
  let warned = false;
  while (Date.now() < deadline) {
    const busy = machineBusyMs();
    const own = process.cpuUsage();
    await lib.sleep(1000);
    const ownDelta = process.cpuUsage(own);
    const ownMs = (ownDelta.user + ownDelta.system) / 1000;
    other = Math.max(0, ((machineBusyMs() - busy - ownMs) / 1000) * 100);
    if (other <= OTHER_CPU_WARN) return other;
    if (!warned)
      log(
        `  waiting for the machine to go quiet before ${what} (other processes use ${fmt(other, 0)} % CPU) ...`,
      );
    warned = true;
  }
  log(
    `  WARNING: machine still busy (${fmt(other, 0)} % CPU elsewhere) after ${QUIET_WAIT_S} s; measuring ${what} anyway`,
  );
  return other;
}

/** Polls until the server answers the target's request with its expected status; returns that response. */
function waitForAnswer(child, port, request, what) {
  return lib.pollUntil(
    async () => {
      const response = await lib.request({
        port,
        method: 'POST',
        path: request.path,
        // autocannon sets Content-Length itself; a request of our own says it.
        headers: { ...request.headers(), 'content-length': Buffer.byteLength(request.body) },
        body: request.body,
      });
      if (response.status === request.status) return response;
      throw new Error(`status ${response.status}: ${response.body.slice(0, 300)}`);
    },
    { child, deadlineMs: READY_LIMIT_MS, intervalMs: READY_POLL_MS, what },
  );
}

/** Each provider's index in the fixed port order (mocks/registry.ts): its port is the port base + this. */
const PORT_OFFSET = { ensuro: 1, xcover: 4 };

function sandboxArgs(provider, portBase, extraFlags = []) {
  return [
    ...SANDBOX_NODE_ARGS,
    path.join(lib.ROOT, 'bin', 'partner-sandbox.js'),
    'start',
    '--only',
    provider,
    '--port-base',
    String(portBase),
    '--quiet',
    ...extraFlags,
  ];
}

/** A free port P for the provider, as the port base P - its offset. */
async function sandboxPorts(provider) {
  const offset = PORT_OFFSET[provider];
  for (let i = 0; i < 20; i += 1) {
    const port = await lib.freePort();
    if (port > offset) return { port, portBase: port - offset };
  }
  throw new Error('no usable free port');
}

/** The sandbox with one provider, as a user starts it. */
async function startSandbox(provider, cpu, extraFlags = []) {
  const { port, portBase } = await sandboxPorts(provider);
  const child = lib.spawnServer(process.execPath, sandboxArgs(provider, portBase, extraFlags), { cpu });
  return { child, port };
}

const TARGET_DEFS = {
  sandbox: {
    label: 'sandbox (xcover, signed+validated)',
    lowConcurrency: true,
    request: xcoverRequest(lib.SANDBOX_PATH),
    start: (cpu) => startSandbox('xcover', cpu),
  },
  prism: {
    label: 'prism mock -v silent',
    request: xcoverRequest(lib.OPERATION_PATH), // Prism ignores the spec's server base paths
    async start(cpu) {
      const port = await lib.freePort();
      const prism = path.join(lib.ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');
      const args = [prism, 'mock', '-v', 'silent', '-h', '127.0.0.1', '-p', String(port), lib.SPEC_PATH];
      const child = lib.spawnServer(process.execPath, args, { cpu });
      return { child, port };
    },
  },
  express: {
    label: 'bare express 5 (ceiling)',
    request: xcoverRequest(lib.SANDBOX_PATH),
    async start(cpu) {
      const port = await lib.freePort();
      const args = [path.join(__dirname, 'express-ceiling.js'), String(port)];
      const child = lib.spawnServer(process.execPath, args, { cpu });
      return { child, port };
    },
  },
  'ensuro-hmac': {
    label: 'sandbox (ensuro new-policy, HMAC)',
    request: ensuroRequest('hmac'),
    start: (cpu) => startSandbox('ensuro', cpu),
  },
  'library-signature': {
    label: 'ethers SigningKey.sign, raw (ops/s)',
    raw: path.join(__dirname, 'library-signature-rate.js'),
  },
  'ensuro-eip191': {
    label: 'sandbox (ensuro new-policy, EIP-191)',
    request: ensuroRequest('eip191'),
    start: (cpu) => startSandbox('ensuro', cpu),
  },
  'verify-message': {
    label: 'ethers verifyMessage, raw (ops/s)',
    raw: path.join(__dirname, 'verify-message-rate.js'),
  },
  ...Object.fromEntries(
    Object.entries(scale.SCALE_TARGETS).map(([name, { label, everyCpu }]) => [
      name,
      {
        label,
        request: xcoverRequest(lib.SANDBOX_PATH),
        redis: true,
        everyCpu,
        start: async (cpu) => {
          await benchRedis.flush();
          if (cpu !== null) benchRedis.pin(everyCpu ? EVERY_CPU : LOADGEN_CPU);
          return startSandbox('xcover', cpu, scale.scaleFlags(name, benchRedis.url));
        },
      },
    ]),
  ),
};

/** The scale run's redis-server (bench/scale.js), started when a target needs it. */
let benchRedis = null;

function badResponses(result, status) {
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
  );
  const unexpected = Object.entries(statuses)
    .filter(([code]) => code !== String(status))
    .reduce((sum, [, count]) => sum + count, 0);
  return { statuses, unexpected, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts };
}

/**
 * A raw-rate target: its script runs alone in a process pinned like the servers (warm-up, then the measured
 * seconds) and prints its rate; the row has the rate as its req/s and no HTTP figures.
 */
async function measureRaw(name, def, cpu) {
  await waitForQuiet(name);
  const child = lib.spawnServer(process.execPath, [def.raw, String(DURATION_S), String(WARMUP_S)], { cpu });
  const { code } = await child.exited;
  const output = child.output().trim();
  if (code !== 0) throw new Error(`${name}: exited ${code}:\n${output}`);
  const rate = JSON.parse(output.split('\n').pop());
  log(`  ${name}: ${fmt(rate.opsPerSec, 0)} ops/s, ${fmt(rate.cpuUsPerOp, 0)} CPU µs/op`);
  return {
    target: name,
    label: def.label,
    reqPerSecMean: rate.opsPerSec,
    reqPerSecTotalOverDuration: rate.opsPerSec,
    requestsTotal: rate.ops,
    durationS: rate.seconds,
    latencyMs: { mean: null, p50: null, p90: null, p99: null, max: null },
    statuses: {},
    unexpected: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    warmup: { requests: 0, unexpected: 0, errors: 0 },
    serverCpuPercent: null,
    loadgenCpuPercent: null,
    otherCpuPercent: null,
    serverCpuUsPerRequest: rate.cpuUsPerOp,
    responseBytes: null,
  };
}

async function measureTarget(name, cpu, withLowConcurrency) {
  const def = TARGET_DEFS[name];
  if (!def) throw new Error(`unknown target "${name}" (known: ${Object.keys(TARGET_DEFS).join(', ')})`);
  if (def.raw) return measureRaw(name, def, cpu);
  const { request } = def;
  // Children inherit this process's pinning (the load generator's CPU): "every CPU" is a taskset list too.
  const { child, port } = await def.start(def.everyCpu && cpu !== null ? EVERY_CPU : cpu);
  try {
    const first = await waitForAnswer(child, port, request, name);
    log(
      `  ${name}: up on :${port} (pid ${child.pid}), sample ${request.status} body ${Buffer.byteLength(first.body)} B`,
    );
    const warm = await runAutocannon(port, request, WARMUP_S);
    const warmBad = badResponses(warm, request.status);
    await waitForQuiet(name);
    // A cluster's workers are the primary's children: its CPU is the whole tree's.
    const serverCpuMs = def.redis ? scale.treeCpuMeter(child.pid) : () => lib.processCpuMs(child.pid);
    const redisBefore = def.redis ? await benchRedis.commandCalls() : null;
    const redisCpuBefore = def.redis ? lib.processCpuMs(benchRedis.pid) : null;
    const cpuBefore = serverCpuMs();
    const busyBefore = machineBusyMs();
    const loadBefore = process.cpuUsage();
    const result = await runAutocannon(port, request, DURATION_S);
    const loadCpu = process.cpuUsage(loadBefore);
    const busyAfter = machineBusyMs();
    const cpuAfter = serverCpuMs();
    const redisCpuAfter = def.redis ? lib.processCpuMs(benchRedis.pid) : null;
    const redisAfter = def.redis ? await benchRedis.commandCalls() : null;
    const bad = badResponses(result, request.status);
    const elapsedS = result.duration; // seconds autocannon actually ran
    const row = {
      target: name,
      label: def.label,
      port,
      path: request.path,
      expectedStatus: request.status,
      responseBytes: Buffer.byteLength(first.body),
      reqPerSecMean: result.requests.mean,
      reqPerSecTotalOverDuration: result.requests.total / elapsedS,
      requestsTotal: result.requests.total,
      durationS: elapsedS,
      latencyMs: {
        mean: result.latency.mean,
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
      statuses: bad.statuses,
      unexpected: bad.unexpected,
      non2xx: bad.non2xx,
      errors: bad.errors,
      timeouts: bad.timeouts,
      warmup: { requests: warm.requests.total, unexpected: warmBad.unexpected, errors: warmBad.errors },
      serverCpuPercent:
        cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) / (elapsedS * 1000)) * 100,
      loadgenCpuPercent: ((loadCpu.user + loadCpu.system) / 1000 / (elapsedS * 1000)) * 100,
      // CPU the rest of the machine used meanwhile (other processes, kernel softirq not charged to ours):
      // a large value means the figures are disturbed.
      otherCpuPercent: null,
      // Server CPU time per answered request: less sensitive to other load on the machine than req/s.
      serverCpuUsPerRequest:
        cpuBefore === null || cpuAfter === null
          ? null
          : ((cpuAfter - cpuBefore) * 1000) / result.requests.total,
    };
    const redisCpuMs = def.redis ? redisCpuAfter - redisCpuBefore : 0;
    if (def.redis) {
      row.redis = {
        ...scale.redisPerRequest(redisBefore, redisAfter, result.requests.total),
        cpuPercent: (redisCpuMs / (elapsedS * 1000)) * 100,
        ...(await sandboxRoundTrips(port)),
      };
      log(
        `  ${name}: Redis CPU ${fmt(row.redis.cpuPercent, 0)} %, script calls/request ${fmt(row.redis.scriptCallsPerRequest, 2)}, ` +
          `commands/request ${fmt(row.redis.commandsPerRequest, 2)}, provider-state round trips/request ` +
          `${fmt(row.redis.sandboxRoundTripsPerRequest, 2)}`,
      );
    }
    if (busyBefore !== null && busyAfter !== null && row.serverCpuPercent !== null) {
      const other =
        busyAfter - busyBefore - (cpuAfter - cpuBefore) - redisCpuMs - (loadCpu.user + loadCpu.system) / 1000;
      row.otherCpuPercent = Math.max(0, (other / (elapsedS * 1000)) * 100);
    }
    log(
      `  ${name}: ${fmt(row.reqPerSecMean, 0)} req/s, p50 ${row.latencyMs.p50} ms, p99 ${row.latencyMs.p99} ms, ` +
        `unexpected status ${row.unexpected}, errors ${row.errors}, server CPU ${fmt(row.serverCpuPercent, 0)} %, ` +
        `load generator CPU ${fmt(row.loadgenCpuPercent, 0)} %, other CPU ${fmt(row.otherCpuPercent, 0)} %`,
    );
    if (row.otherCpuPercent !== null && row.otherCpuPercent > OTHER_CPU_WARN)
      log(
        `  WARNING: other processes used ${fmt(row.otherCpuPercent, 0)} % CPU during ${name}; figures disturbed`,
      );
    if (withLowConcurrency && def.lowConcurrency && LOW_CONNECTIONS > 0) {
      await waitForQuiet(`${name} at ${LOW_CONNECTIONS} connection(s)`);
      const low = await runAutocannon(port, request, DURATION_S, LOW_CONNECTIONS);
      const lowBad = badResponses(low, request.status);
      row.lowConcurrency = {
        connections: LOW_CONNECTIONS,
        reqPerSecMean: low.requests.mean,
        latencyMs: { p50: low.latency.p50, p90: low.latency.p90, p99: low.latency.p99, max: low.latency.max },
        unexpected: lowBad.unexpected,
        errors: lowBad.errors + lowBad.timeouts,
      };
      log(
        `  ${name} at ${LOW_CONNECTIONS} connection(s) (informational): ${fmt(low.requests.mean, 0)} req/s, ` +
          `p50 ${low.latency.p50} ms, p99 ${low.latency.p99} ms, max ${low.latency.max} ms, ` +
          `unexpected status ${lowBad.unexpected}`,
      );
    }
    return row;
  } finally {
    await lib.stopServer(child);
  }
}

/**
 * The store round trips the sandbox counted for its latest requests (each journal entry's
 * `checked.sharedState.roundTrips`), averaged; null when the entries do not say.
 */
async function sandboxRoundTrips(port) {
  try {
    const response = await lib.request({ port, method: 'GET', path: '/__sandbox/requests' });
    const counted = JSON.parse(response.body)
      .requests.map((entry) => entry.checked?.sharedState?.roundTrips)
      .filter((n) => typeof n === 'number');
    return {
      sandboxRoundTripsPerRequest:
        counted.length === 0 ? null : counted.reduce((sum, n) => sum + n, 0) / counted.length,
    };
  } catch {
    return { sandboxRoundTripsPerRequest: null };
  }
}

/**
 * One row per target from its rounds: the median of each figure (throughput, latency, CPU per request), and
 * the sums of the bad-response counts (a single bad answer in any round invalidates the run).
 */
function medianRow(rows) {
  const med = (pick) =>
    rows.some((row) => pick(row) === null || pick(row) === undefined) ? null : lib.median(rows.map(pick));
  const first = rows[0];
  const sum = (pick) => rows.reduce((total, row) => total + pick(row), 0);
  return {
    ...first,
    reqPerSecMean: med((row) => row.reqPerSecMean),
    reqPerSecTotalOverDuration: med((row) => row.reqPerSecTotalOverDuration),
    requestsTotal: sum((row) => row.requestsTotal),
    latencyMs: {
      mean: med((row) => row.latencyMs.mean),
      p50: med((row) => row.latencyMs.p50),
      p90: med((row) => row.latencyMs.p90),
      p99: med((row) => row.latencyMs.p99),
      max:
        med((row) => row.latencyMs.max) === null ? null : Math.max(...rows.map((row) => row.latencyMs.max)),
    },
    unexpected: sum((row) => row.unexpected),
    non2xx: sum((row) => row.non2xx),
    errors: sum((row) => row.errors),
    timeouts: sum((row) => row.timeouts),
    warmup: {
      ...first.warmup,
      unexpected: sum((row) => row.warmup.unexpected),
      errors: sum((row) => row.warmup.errors),
    },
    serverCpuPercent: med((row) => row.serverCpuPercent),
    loadgenCpuPercent: med((row) => row.loadgenCpuPercent),
    otherCpuPercent: rows.some((row) => row.otherCpuPercent === null)
      ? null
      : Math.max(...rows.map((row) => row.otherCpuPercent)),
    serverCpuUsPerRequest: med((row) => row.serverCpuUsPerRequest),
    lowConcurrency: rows.find((row) => row.lowConcurrency)?.lowConcurrency,
    ...(first.redis ? { redis: medianRedis(rows.map((row) => row.redis)) } : {}),
  };
}

/** The median of each Redis figure over the rounds. */
function medianRedis(figures) {
  const med = (pick) => {
    const values = figures.map(pick).filter((value) => value !== null && value !== undefined);
    return values.length === 0 ? null : lib.median(values);
  };
  return {
    cpuPercent: med((f) => f.cpuPercent),
    scriptCallsPerRequest: med((f) => f.scriptCallsPerRequest),
    commandsPerRequest: med((f) => f.commandsPerRequest),
    sandboxRoundTripsPerRequest: med((f) => f.sandboxRoundTripsPerRequest),
    byCommand: figures[figures.length - 1].byCommand,
  };
}

/** Median over READY_RUNS starts of: spawn -> first 201 to a signed create-quote. */
async function measureReady(cpu) {
  const runs = [];
  for (let i = 0; i < READY_RUNS; i += 1) {
    await waitForQuiet(`ready run ${i + 1}`);
    const { port, portBase } = await sandboxPorts('xcover');
    const started = performance.now();
    const child = lib.spawnServer(process.execPath, sandboxArgs('xcover', portBase), { cpu });
    try {
      await waitForAnswer(child, port, TARGET_DEFS.sandbox.request, `ready run ${i + 1}`);
      runs.push(Math.round((performance.now() - started) * 10) / 10);
    } finally {
      await lib.stopServer(child);
    }
  }
  return { runsMs: runs, medianMs: lib.median(runs) };
}

/** The commit measured, with "+dirty" when mocks/, src/ or bin/ differ from it; null outside git. */
function gitDescribe() {
  try {
    const { execFileSync } = require('node:child_process');
    const git = (...args) => execFileSync('git', args, { cwd: lib.ROOT, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'mocks', 'src', 'bin') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? '+dirty' : ''}`;
  } catch {
    return null;
  }
}

/**
 * Ensuro's server CPU per request against its budget: a new-policy does what XCover's create-quote does (route,
 * authenticate, validate, answer) plus the pricer's signature, so its budget is XCover's CPU per request plus one
 * library signature measured alone, times the margin. The EIP-191 variant also recovers a signature: its
 * reference adds the raw verifyMessage cost (informational). Null where a figure is missing.
 */
function ensuroBudgets(by) {
  const cpu = (name) => by[name]?.serverCpuUsPerRequest ?? null;
  const sum = (...names) =>
    names.every((name) => cpu(name) !== null) ? names.reduce((t, n) => t + cpu(n), 0) : null;
  const hmacReference = sum('sandbox', 'library-signature');
  const eip191Reference = sum('sandbox', 'library-signature', 'verify-message');
  return {
    hmac:
      cpu('ensuro-hmac') === null || hmacReference === null
        ? null
        : { usPerRequest: cpu('ensuro-hmac'), referenceUs: hmacReference },
    eip191:
      cpu('ensuro-eip191') === null || eip191Reference === null
        ? null
        : { usPerRequest: cpu('ensuro-eip191'), referenceUs: eip191Reference },
  };
}

function log(line) {
  process.stdout.write(`${line}\n`);
}

function fmt(value, digits = 1) {
  return value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
}

function table(rows) {
  const header = [
    'target',
    'req/s (mean)',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'errors',
    'srv CPU %',
    'CPU µs/req',
    'other CPU %',
    'resp B',
  ];
  const body = rows.map((r) => [
    r.target,
    fmt(r.reqPerSecMean, 0),
    String(r.latencyMs.p50 ?? 'n/a'),
    String(r.latencyMs.p99 ?? 'n/a'),
    String(r.non2xx),
    String(r.errors + r.timeouts),
    fmt(r.serverCpuPercent, 0),
    fmt(r.serverCpuUsPerRequest, 0),
    fmt(r.otherCpuPercent, 0),
    String(r.responseBytes ?? 'n/a'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main() {
  // Machine facts first: after pinning, availableParallelism() (like `nproc`) would report 1.
  const nproc = os.availableParallelism();
  const pinned = lib.tasksetUsable() && nproc >= 2;
  const serverCpu = pinned ? SERVER_CPU : null;
  const machine = {
    nproc,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    autocannon: require('autocannon/package.json').version,
    express: require('express/package.json').version,
    prism: require('@stoplight/prism-cli/package.json').version,
    commit: gitDescribe(),
  };
  const method = {
    connections: CONNECTIONS,
    pipelining: 1,
    durationS: DURATION_S,
    warmupS: WARMUP_S,
    pinning: pinned
      ? `servers taskset -c ${SERVER_CPU}, load generator (this process) taskset -c ${LOADGEN_CPU}; ` +
        `scale run: Redis beside the load generator for 1 worker, 2 and 4 workers and Redis on every CPU`
      : 'unpinned (taskset unavailable or fewer than 2 CPUs)',
    requestBodyBytes: Buffer.byteLength(BODY),
    signing:
      'xcover: hmac-sha512 over Date only, re-signed when the wall-clock second changes (setupRequest); ' +
      'ensuro: one new-policy body, signed once with EIP-191 (Hardhat account #0) and with HMAC',
    reqPerSec: 'autocannon requests.mean (mean of per-second samples)',
  };
  if (pinned) lib.pinSelf(LOADGEN_CPU);
  log(
    `partner-sandbox bench: commit ${machine.commit ?? 'n/a'}, node ${machine.node}, ${machine.nproc} CPUs (${machine.cpuModel})`,
  );
  log(`pinning: ${method.pinning}`);
  log(
    `autocannon ${machine.autocannon}: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s measured per target`,
  );

  if (TARGETS.some((name) => TARGET_DEFS[name]?.redis)) {
    benchRedis = await scale.startBenchRedis(pinned ? EVERY_CPU : null);
    log(`scale run: redis-server of the bench's own at ${benchRedis.url} (pid ${benchRedis.pid})`);
  }
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const name of TARGETS) {
      log(`measuring ${name} (round ${round} of ${ROUNDS}) ...`);
      rounds.push({ round, ...(await measureTarget(name, serverCpu, round === ROUNDS)) });
    }
  }
  await benchRedis?.stop();
  const rows = TARGETS.map((name) => medianRow(rounds.filter((row) => row.target === name)));
  let ready = null;
  if (TARGETS.includes('sandbox')) {
    log(`measuring sandbox ready time (${READY_RUNS} starts) ...`);
    ready = await measureReady(serverCpu);
    log(`  ready: ${ready.runsMs.join(', ')} ms -> median ${ready.medianMs} ms`);
  }

  const by = Object.fromEntries(rows.map((r) => [r.target, r]));
  const sandbox = by.sandbox;
  const ratios = {
    sandboxOverPrism: sandbox && by.prism ? sandbox.reqPerSecMean / by.prism.reqPerSecMean : null,
    sandboxOverExpress: sandbox && by.express ? sandbox.reqPerSecMean / by.express.reqPerSecMean : null,
    sandboxP99OverExpress: sandbox && by.express ? sandbox.latencyMs.p99 / by.express.latencyMs.p99 : null,
  };
  const ensuroCpu = ensuroBudgets(by);
  const checks = [];
  if (ratios.sandboxOverPrism !== null)
    checks.push({
      target: `sandbox >= ${GOALS.vsPrism}x Prism throughput`,
      value: `${fmt(ratios.sandboxOverPrism, 2)}x`,
      pass: ratios.sandboxOverPrism >= GOALS.vsPrism,
    });
  if (ratios.sandboxOverExpress !== null)
    checks.push({
      target: `sandbox >= ${GOALS.vsExpress * 100}% of bare Express throughput`,
      value: `${fmt(ratios.sandboxOverExpress * 100, 1)}%`,
      pass: ratios.sandboxOverExpress >= GOALS.vsExpress,
    });
  if (ratios.sandboxP99OverExpress !== null)
    checks.push({
      target: `sandbox p99 <= ${GOALS.p99VsExpress}x bare Express's p99 at ${CONNECTIONS} connections`,
      value: `${sandbox.latencyMs.p99} ms / ${by.express.latencyMs.p99} ms = ${fmt(ratios.sandboxP99OverExpress, 2)}x`,
      pass: ratios.sandboxP99OverExpress <= GOALS.p99VsExpress,
    });
  if (sandbox)
    checks.push({
      target: `sandbox p99 <= ${GOALS.p99Ms} ms at ${CONNECTIONS} connections`,
      value: `${sandbox.latencyMs.p99} ms`,
      pass: sandbox.latencyMs.p99 <= GOALS.p99Ms,
    });
  if (ready)
    checks.push({
      target: `sandbox ready (spawn -> first signed 201, median of ${READY_RUNS}) <= ${GOALS.readyMs} ms`,
      value: `${ready.medianMs} ms`,
      pass: ready.medianMs <= GOALS.readyMs,
    });
  if (ensuroCpu.hmac !== null) {
    const { usPerRequest, referenceUs } = ensuroCpu.hmac;
    const budget = referenceUs * GOALS.ensuroCpuMargin;
    checks.push({
      target:
        `Ensuro new-policy (HMAC) server CPU/request <= (XCover create-quote's ${fmt(by.sandbox.serverCpuUsPerRequest, 0)} µs ` +
        `+ one library signature's ${fmt(by['library-signature'].serverCpuUsPerRequest, 0)} µs) x ${GOALS.ensuroCpuMargin} = ${fmt(budget, 0)} µs`,
      value: `${fmt(usPerRequest, 0)} µs (${fmt((usPerRequest / referenceUs) * 100, 1)}% of XCover + signature)`,
      pass: usPerRequest <= budget,
    });
  }

  log('');
  log(table(rows));
  log('');
  if (ratios.sandboxOverPrism !== null) log(`sandbox / Prism   = ${fmt(ratios.sandboxOverPrism, 2)}x`);
  if (ratios.sandboxOverExpress !== null)
    log(
      `sandbox / Express = ${fmt(ratios.sandboxOverExpress, 2)}x (${fmt(ratios.sandboxOverExpress * 100, 1)}%)`,
    );
  if (ready) log(`sandbox ready     = ${ready.medianMs} ms median (${ready.runsMs.join(', ')})`);
  if (ensuroCpu.hmac !== null)
    log(
      `ensuro HMAC new-policy CPU/request = ${fmt(ensuroCpu.hmac.usPerRequest, 0)} µs; XCover + one signature = ` +
        `${fmt(ensuroCpu.hmac.referenceUs, 0)} µs (${fmt((ensuroCpu.hmac.usPerRequest / ensuroCpu.hmac.referenceUs) * 100, 1)}%)`,
    );
  if (ensuroCpu.eip191 !== null)
    log(
      `ensuro EIP-191 new-policy CPU/request = ${fmt(ensuroCpu.eip191.usPerRequest, 0)} µs; XCover + one signature + ` +
        `one verifyMessage = ${fmt(ensuroCpu.eip191.referenceUs, 0)} µs (${fmt((ensuroCpu.eip191.usPerRequest / ensuroCpu.eip191.referenceUs) * 100, 1)}%, informational)`,
    );
  for (const other of ['prism', 'express'])
    if (sandbox?.serverCpuUsPerRequest && by[other]?.serverCpuUsPerRequest)
      log(
        `server CPU per request, sandbox / ${other} = ${fmt(sandbox.serverCpuUsPerRequest / by[other].serverCpuUsPerRequest, 2)}x`,
      );
  checks.push(...scale.scaleChecks(rounds, fmt));
  for (const row of rows.filter((r) => scale.SCALE_TARGETS[r.target]))
    log(
      `scale ${row.target}: ${fmt(row.reqPerSecMean, 0)} req/s, p99 ${row.latencyMs.p99} ms, sandbox CPU ` +
        `${fmt(row.serverCpuPercent, 0)} %, load generator ${fmt(row.loadgenCpuPercent, 0)} %` +
        (row.redis
          ? `, Redis ${fmt(row.redis.cpuPercent, 0)} %, script calls/request ${fmt(row.redis.scriptCallsPerRequest, 2)} ` +
            `(of which provider state ${fmt(row.redis.sandboxRoundTripsPerRequest, 2)}, the sandbox's own count; ` +
            `Redis ran ${fmt(row.redis.commandsPerRequest, 2)} commands, the scripts' own included)`
          : ''),
    );
  const ceiling = by['redis-1']?.redis ? scale.twoWorkerCeiling(by['redis-1'], os.cpus().length) : null;
  if (ceiling)
    log(
      `scale limit: per request at 1 worker, the worker ${fmt(ceiling.workerUs, 0)} µs of CPU, Redis ` +
        `${fmt(ceiling.redisUs, 0)} µs, the load generator ${fmt(ceiling.loadgenUs, 0)} µs: with every CPU busy and ` +
        `no contention, 2 workers reach at most ${fmt(ceiling.ceilingPerSec, 0)} req/s = ` +
        `${fmt(ceiling.ceilingOverOne, 2)}x 1 worker on ${os.cpus().length} CPUs`,
    );
  log('');
  for (const check of checks) log(`${check.pass ? 'PASS' : 'FAIL'}  ${check.target}: ${check.value}`);

  if (sandbox)
    log(
      `info  at ${CONNECTIONS} connections a closed loop queues: mean latency ~= connections / throughput = ` +
        `${fmt((CONNECTIONS / sandbox.reqPerSecMean) * 1000, 1)} ms (p99 <= ${GOALS.p99Ms} ms needs >= ` +
        `${fmt(CONNECTIONS / (GOALS.p99Ms / 1000), 0)} req/s)`,
    );
  for (const line of scale.scaleInfo(rounds, fmt)) log(`info  ${line}`);
  if (sandbox?.lowConcurrency)
    log(
      `info  sandbox at ${sandbox.lowConcurrency.connections} connection(s): ${fmt(sandbox.lowConcurrency.reqPerSecMean, 0)} req/s, ` +
        `p50 ${sandbox.lowConcurrency.latencyMs.p50} ms, p99 ${sandbox.lowConcurrency.latencyMs.p99} ms, max ${sandbox.lowConcurrency.latencyMs.max} ms`,
    );
  const disturbed = rows.filter((r) => r.otherCpuPercent !== null && r.otherCpuPercent > OTHER_CPU_WARN);
  for (const r of disturbed)
    log(
      `WARN  ${r.target}: other processes used ${fmt(r.otherCpuPercent, 0)} % CPU meanwhile; re-run on a quiet machine`,
    );
  const invalid = rows.filter(
    (r) =>
      r.unexpected > 0 ||
      r.errors > 0 ||
      r.timeouts > 0 ||
      r.warmup.unexpected > 0 ||
      (r.lowConcurrency && (r.lowConcurrency.unexpected > 0 || r.lowConcurrency.errors > 0)),
  );
  if (ROUNDS > 1) {
    for (let round = 1; round <= ROUNDS; round += 1) {
      const of = (name) => rounds.find((row) => row.round === round && row.target === name);
      const parts = [
        ['sandbox', 'prism'],
        ['sandbox', 'express'],
      ]
        .filter(([a, b]) => of(a) && of(b))
        .map(([a, b]) => `${a} / ${b} ${fmt(of(a).reqPerSecMean / of(b).reqPerSecMean, 2)}x`);
      if (of('sandbox') && of('express'))
        parts.push(
          `p99 sandbox / express ${fmt(of('sandbox').latencyMs.p99 / of('express').latencyMs.p99, 2)}x`,
        );
      const cpuOf = (name) => of(name)?.serverCpuUsPerRequest ?? null;
      if ([cpuOf('ensuro-hmac'), cpuOf('sandbox'), cpuOf('library-signature')].every((v) => v !== null))
        parts.push(
          `ensuro-hmac CPU/req / (sandbox + library-signature) ${fmt(cpuOf('ensuro-hmac') / (cpuOf('sandbox') + cpuOf('library-signature')), 2)}x`,
        );
      if (parts.length > 0) log(`round ${round}: ${parts.join(', ')}`);
    }
  }
  const report = {
    date: new Date().toISOString(),
    machine,
    method: { ...method, rounds: ROUNDS },
    goals: GOALS,
    results: rows,
    rounds,
    ready,
    ratios,
    ensuroCpu,
    scaleCeiling: ceiling,
    checks,
    signings: signer.signings,
    valid: invalid.length === 0,
    disturbed: disturbed.map((r) => r.target),
  };
  mkdirSync(path.dirname(RESULTS_PATH), { recursive: true });
  writeFileSync(RESULTS_PATH, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nresults written to ${path.relative(process.cwd(), RESULTS_PATH) || RESULTS_PATH}`);

  if (invalid.length > 0) {
    for (const r of invalid) {
      process.stderr.write(
        `\nBENCH INVALID: ${r.target} answered something other than ${r.expectedStatus}: statuses ${JSON.stringify(r.statuses)}, ` +
          `errors ${r.errors}, timeouts ${r.timeouts}, warm-up unexpected ${r.warmup.unexpected}, ` +
          `low-concurrency ${JSON.stringify(r.lowConcurrency ?? null)}\n`,
      );
    }
    process.exitCode = 1;
  } else if (ENFORCE_TARGETS && checks.some((c) => !c.pass)) {
    process.exitCode = 1;
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
