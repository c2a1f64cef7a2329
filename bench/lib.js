'use strict';
/* global Buffer, setTimeout, clearTimeout */
// Helpers for bench/run.js: the create-quote fixture, signing, free ports, pinned child processes and
// bounded waits. Plain CommonJS; the signer comes from the compiled package (run `npm run build` first).

const { execFileSync, spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { parse: parseYaml } = require('yaml');

const ROOT = path.resolve(__dirname, '..');
const SPEC_PATH = path.join(ROOT, 'specs', 'xcover.yaml');

const CREDENTIALS = Object.freeze({ apiKey: 'xcover_test_api_key', apiSecret: 'xcover_test_api_secret' });
const PARTNER_CODE = 'LLODT';
/** The operation's path in the spec (Prism serves it without a server base path). */
const OPERATION_PATH = `/partners/${PARTNER_CODE}/quotes/`;
/** The sandbox serves the spec's operations under the /x base path (and /xcover). */
const SANDBOX_PATH = `/x${OPERATION_PATH}`;

/** A compiled module of the package (`npm run build` first). */
function loadCompiled(module) {
  try {
    return require(`../dist/${module}`);
  } catch (error) {
    throw new Error(`cannot load ../dist/${module} (run \`npm run build\` first): ${error.message}`);
  }
}

const loadSignerModule = () => loadCompiled('src/xcover/signature');

/** The Ensuro sandbox's test credentials (the provider's defaults). */
const ENSURO_CREDENTIALS = Object.freeze({
  partner: 'example',
  apiKey: 'ensuro_test_api_key',
  hmacSecret: 'ensuro_test_hmac_secret',
});
const ENSURO_NEW_POLICY_PATH = `/api/v0/${ENSURO_CREDENTIALS.partner}/new-policy`;

/**
 * A signed new-policy request, one body for the whole run (a policy 30 days from now; each request still creates
 * a policy of its own, with a fresh data_hash): its headers signed with EIP-191 by the partner's signer (Hardhat
 * test account #0) and with HMAC, and the message the EIP-191 signature signs, for the raw verifyMessage rate.
 */
function createEnsuroRequests() {
  const { signBodyEip191, signBodyHmac } = loadCompiled('src/ensuro/body-signer');
  const { bodyDigestHex } = loadCompiled('src/ensuro/body-digest');
  const { HARDHAT_ACCOUNT_0 } = loadCompiled('src/ensuro/test-keys');
  const body = JSON.stringify({
    payout: '190.25',
    expiration: Math.floor(Date.now() / 1000) + 30 * 86_400,
    data: { internal_id: 'bench', channel: 'website' },
  });
  const signature = signBodyEip191(body, HARDHAT_ACCOUNT_0.privateKey);
  const base = {
    'content-type': 'application/json',
    accept: 'application/json',
    'x-api-key': ENSURO_CREDENTIALS.apiKey,
  };
  return {
    path: ENSURO_NEW_POLICY_PATH,
    body,
    headers: {
      eip191: { ...base, 'x-eip191-signature': signature },
      hmac: { ...base, 'x-ensuro-signature': signBodyHmac(body, ENSURO_CREDENTIALS.hmacSecret) },
    },
    eip191Message: { digestHex: bodyDigestHex(body), signature, signerAddress: HARDHAT_ACCOUNT_0.address },
  };
}

/** createQuote's request example and 201 example from specs/xcover.yaml. */
function loadCreateQuoteExamples() {
  const spec = parseYaml(readFileSync(SPEC_PATH, 'utf8'));
  const operation = spec.paths['/partners/{partner_code}/quotes/'].post;
  if (operation.operationId !== 'createQuote') throw new Error('spec: createQuote not where expected');
  const request = operation.requestBody.content['application/json'].example;
  const created = operation.responses['201'].content['application/json'].example;
  if (!request || !created) throw new Error('spec: createQuote lacks a request or 201 example');
  return { request, created };
}

/**
 * Signed headers for the create-quote request, re-signed whenever the wall-clock second changes (the
 * signature covers only the Date header, whose resolution is one second). Shared by all connections.
 */
function createSigner() {
  const { signXCoverRequest } = loadSignerModule();
  let second = -1;
  let headers = null;
  let signings = 0;
  return {
    headers() {
      const now = Date.now();
      const current = Math.floor(now / 1000);
      if (current !== second) {
        const signed = signXCoverRequest(
          { method: 'POST', path: SANDBOX_PATH, headers: { 'content-type': 'application/json' } },
          CREDENTIALS,
          { date: new Date(current * 1000) },
        );
        headers = {
          'content-type': 'application/json',
          accept: 'application/json',
          date: signed.date,
          authorization: signed.authorization,
          'x-api-key': signed['x-api-key'],
        };
        second = current;
        signings += 1;
      }
      return headers;
    },
    get signings() {
      return signings;
    },
  };
}

/** A port nobody listens on right now on 127.0.0.1 (the kernel picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether `taskset` exists and can set affinity here (containers may forbid it). */
function tasksetUsable() {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins every thread of a running process to `cpu` (a taskset list). */
function pinProcess(pid, cpu) {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

/** Pins every thread of this process (the load generator) to one CPU. */
const pinSelf = (cpu) => pinProcess(process.pid, cpu);

/**
 * Spawns a server process, pinned to `cpu` through `taskset -c` (which execs the command, so the child's
 * pid is the server's) when `cpu` is not null. Output is kept (bounded) for error messages.
 */
function spawnServer(command, args, { cpu, env } = {}) {
  const [file, argv] =
    cpu === null || cpu === undefined ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
  const child = spawn(file, argv, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk) => {
    if (output.length < 16_384) output += chunk.toString();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.output = () => output;
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
async function stopServer(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return child.exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await child.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** One HTTP request without keep-alive; resolves to { status, body } or rejects on a socket error. */
function request({ port, method, path: requestPath, headers, body, timeoutMs = 2000 }) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: requestPath, headers, agent: false, timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries `attempt` (an async function resolving to a result or undefined) every `intervalMs` until it
 * yields a result, the child exits, or `deadlineMs` passes — then throws.
 */
async function pollUntil(attempt, { child, deadlineMs, intervalMs, what }) {
  const deadline = Date.now() + deadlineMs;
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(
        `${what}: process exited early (${child.exitCode ?? child.signalCode}):\n${child.output()}`,
      );
    }
    try {
      const result = await attempt();
      if (result !== undefined) return result;
      lastError = 'not ready';
    } catch (error) {
      lastError = error.code ?? error.message;
    }
    await sleep(intervalMs);
  }
  throw new Error(
    `${what}: not ready within ${deadlineMs} ms (last: ${lastError})\n${child ? child.output() : ''}`,
  );
}

/** utime+stime of a process in ms (Linux /proc), or null when unavailable. */
function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

module.exports = {
  ROOT,
  loadCompiled,
  SPEC_PATH,
  CREDENTIALS,
  OPERATION_PATH,
  SANDBOX_PATH,
  loadCreateQuoteExamples,
  createSigner,
  createEnsuroRequests,
  freePort,
  tasksetUsable,
  pinSelf,
  pinProcess,
  spawnServer,
  stopServer,
  request,
  pollUntil,
  sleep,
  median,
  processCpuMs,
};
