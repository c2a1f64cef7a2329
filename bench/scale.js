'use strict';
// The scale run of bench/run.js (issue 21): signed XCover create-quote on the Redis store at 1, 2 and 4 workers
// (`start --state redis://… --workers N`) against the in-memory single process (run.js's `sandbox` target), with
// the CPU each part used and Redis's work per request. One worker is pinned to the servers' CPU as the in-memory
// process is, and Redis to the load generator's, so that the worker's CPU is its own as the in-memory process's
// is; 2 and 4 workers and Redis may use every CPU (the load generator's included: on 2 cores they share it). Redis is a redis-server of the bench's own on a free port, never the machine's shared one.

const { readdirSync, readFileSync } = require('node:fs');
const Redis = require('ioredis');
const lib = require('./lib');

const REDIS_READY_MS = 10_000;

/** Every scale target: the sandbox's extra `start` flags and whether it uses the bench's Redis. */
const SCALE_TARGETS = {
  'redis-1': { label: 'Redis store, 1 worker', workers: 1, everyCpu: false },
  // Informational: one worker free to use every CPU, as 2 workers are (its GC threads then run beside it).
  'redis-1-every-cpu': { label: 'Redis store, 1 worker (every CPU)', workers: 1, everyCpu: true },
  'redis-2': { label: 'Redis store, 2 workers (every CPU)', workers: 2, everyCpu: true },
  'redis-4': { label: 'Redis store, 4 workers (every CPU)', workers: 4, everyCpu: true },
};

/** Goals of issue 21's scale run. */
const SCALE_GOALS = {
  redisOneOverMemory: 0.6, // Redis at 1 worker >= 60 % of the in-memory single process
  twoOverOne: 1.25, // 2 workers >= 1.25 x 1 worker
};

/** The pids of a process and of all its descendants (cluster workers), from /proc. */
function processTree(rootPid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while /proc was read.
    }
  }
  const tree = [];
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop();
    tree.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * CPU ms of a process tree as a counter over a measurement: the sum over the pids seen at its start. Workers
 * live for the whole measurement (a replaced one would show as errors in the run), so the set stays the same.
 */
function treeCpuMeter(rootPid) {
  const pids = processTree(rootPid);
  return () => pids.reduce((sum, pid) => sum + (lib.processCpuMs(pid) ?? 0), 0);
}

/** A redis-server of the bench's own: no persistence, on a free port, on `cpu` (a taskset list) when given. */
async function startBenchRedis(cpu) {
  const port = await lib.freePort();
  const child = lib.spawnServer(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { cpu },
  );
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
  // Refused until the server listens: the poll below retries; without a listener ioredis prints each refusal.
  client.on('error', () => undefined);
  await lib.pollUntil(
    async () => {
      if (client.status !== 'ready') await client.connect();
      return (await client.ping()) === 'PONG' ? true : undefined;
    },
    { child, deadlineMs: REDIS_READY_MS, intervalMs: 20, what: 'bench redis-server' },
  );
  return {
    url: `redis://127.0.0.1:${port}/0`,
    pid: child.pid,
    /**
     * Calls per command name so far (`INFO commandstats`), INFO left out. Commands a script runs are counted too,
     * under their own names: the script calls (`evalsha`, ...) are the round trips the store made.
     */
    async commandCalls() {
      const info = await client.info('commandstats');
      const calls = {};
      for (const [, name, n] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm))
        if (name !== 'info') calls[name] = Number(n);
      return calls;
    },
    /** Moves it to `cpu` (a taskset list): beside the load generator for one worker, on every CPU for more. */
    pin: (cpu) => lib.pinProcess(child.pid, cpu),
    /** Empties it between targets, so each starts from the same empty store. */
    flush: () => client.flushall(),
    async stop() {
      client.disconnect();
      await lib.stopServer(child);
    },
  };
}

/** The `start` flags a scale target adds to the single-provider sandbox's. */
function scaleFlags(target, redisUrl) {
  return ['--state', redisUrl, '--workers', String(SCALE_TARGETS[target].workers)];
}

/** The ratio of two targets' throughput in each round both ran. */
function roundRatios(rounds, a, b) {
  const perRound = [];
  for (const round of new Set(rounds.map((row) => row.round))) {
    const of = (name) => rounds.find((row) => row.round === round && row.target === name)?.reqPerSecMean;
    if (of(a) && of(b)) perRound.push(of(a) / of(b));
  }
  return perRound;
}

/**
 * The scale run's checks: Redis at 1 worker against the in-memory process (`sandbox`), 2 workers against 1 (4
 * workers informational: on 2 cores they share them with Redis and the load generator). Each is the median of
 * the ratios of one round (targets measured one after the other, so under the same conditions of a VM whose
 * speed drifts by tens of percent within minutes), with every round's ratio shown.
 */
function scaleChecks(rounds, fmt) {
  const ratios = (a, b) => roundRatios(rounds, a, b);
  const check = (target, perRound, goal, show) => ({
    target,
    value: `${show(lib.median(perRound))} (rounds ${perRound.map(show).join(', ')})`,
    pass: lib.median(perRound) >= goal,
  });
  const checks = [];
  const overMemory = ratios('redis-1', 'sandbox');
  if (overMemory.length > 0)
    checks.push(
      check(
        `Redis store at 1 worker >= ${SCALE_GOALS.redisOneOverMemory * 100}% of the in-memory process`,
        overMemory,
        SCALE_GOALS.redisOneOverMemory,
        (ratio) => `${fmt(ratio * 100, 1)}%`,
      ),
    );
  const twoOverOne = ratios('redis-2', 'redis-1');
  if (twoOverOne.length > 0)
    checks.push(
      check(
        `Redis store at 2 workers >= ${SCALE_GOALS.twoOverOne}x 1 worker`,
        twoOverOne,
        SCALE_GOALS.twoOverOne,
        (ratio) => `${fmt(ratio, 2)}x`,
      ),
    );
  return checks;
}

/**
 * The scale run's informational lines: 2 workers against 1 worker placed as they are (every CPU), which on a
 * machine whose cores Redis and the load generator share is what a second worker adds.
 */
function scaleInfo(rounds, fmt) {
  const perRound = roundRatios(rounds, 'redis-2', 'redis-1-every-cpu');
  if (perRound.length === 0) return [];
  const show = (ratio) => `${fmt(ratio, 2)}x`;
  return [
    `Redis store at 2 workers / 1 worker on every CPU: ${show(lib.median(perRound))} ` +
      `(rounds ${perRound.map(show).join(', ')})`,
  ];
}

/**
 * What limits 2 workers on this machine, from the 1-worker row: the CPU a request costs the worker, Redis and
 * the load generator together. Were every process to keep its 1-worker cost, all CPUs busy would answer at most
 * `ceilingPerSec`, `ceilingOverOne` times 1 worker: the most 2 workers can reach here, before they contend.
 */
function twoWorkerCeiling(oneWorker, cpus) {
  const perRequest = (percent) => (percent * 10_000) / oneWorker.reqPerSecMean; // µs of CPU
  const workerUs = oneWorker.serverCpuUsPerRequest;
  const redisUs = perRequest(oneWorker.redis.cpuPercent);
  const loadgenUs = perRequest(oneWorker.loadgenCpuPercent);
  const ceilingPerSec = (cpus * 1_000_000) / (workerUs + redisUs + loadgenUs);
  return {
    workerUs,
    redisUs,
    loadgenUs,
    ceilingPerSec,
    ceilingOverOne: ceilingPerSec / oneWorker.reqPerSecMean,
  };
}

const SCRIPT_CALLS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);

/**
 * Redis's work per answered request between two `commandCalls()` readings: the script calls (each a round trip of
 * the store), and every command Redis ran by name, a script's own commands included (the round trips the
 * sandbox counts itself are in each journal entry's `checked.sharedState`).
 */
function redisPerRequest(before, after, requests) {
  const perCommand = {};
  let scriptCalls = 0;
  let commands = 0;
  for (const [name, calls] of Object.entries(after)) {
    const delta = calls - (before[name] ?? 0);
    if (delta <= 0) continue;
    perCommand[name] = delta / requests;
    commands += delta;
    if (SCRIPT_CALLS.has(name)) scriptCalls += delta;
  }
  return {
    scriptCallsPerRequest: scriptCalls / requests,
    commandsPerRequest: commands / requests,
    byCommand: perCommand,
  };
}

module.exports = {
  redisPerRequest,
  SCALE_TARGETS,
  SCALE_GOALS,
  treeCpuMeter,
  startBenchRedis,
  scaleFlags,
  scaleChecks,
  scaleInfo,
  twoWorkerCeiling,
};
