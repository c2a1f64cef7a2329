'use strict';
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, and inclusive
// (self + callees) time of the functions whose name or file matches a filter.
// Usage: node bench/profile-summary.js <file.cpuprofile> [topN=25] [inclusive-filter-regex]
// e.g.   BENCH_TARGETS=sandbox BENCH_SANDBOX_NODE_ARGS="--cpu-prof --cpu-prof-dir=bench/results/prof" node bench/run.js
//        node bench/profile-summary.js bench/results/prof/CPU....cpuprofile 30 'app\.js|request-validator|verifier'

const { readFileSync } = require('node:fs');

const [file, topArg, filterArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.js <file.cpuprofile> [topN] [filter-regex]\n');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Sample counts per node, weighted by the time delta each sample covers.
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i += 1) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const short = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\//, 'nm/')
    .replace(/^.*\/dist\//, 'dist/');
const keyOf = (node) => {
  const f = node.callFrame;
  return `${f.functionName || '(anonymous)'}  ${short(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
};

const self = new Map();
for (const [id, us] of selfUs) {
  const key = keyOf(byId.get(id));
  self.set(key, (self.get(key) ?? 0) + us);
}
const pct = (us) => `${((us / totalUs) * 100).toFixed(1).padStart(5)} %`;
process.stdout.write(`total sampled ${(totalUs / 1000).toFixed(0)} ms\n\nself time:\n`);
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top))
  process.stdout.write(`  ${pct(us)}  ${key}\n`);

// Self time grouped by package / project file.
const byFile = new Map();
for (const [id, us] of selfUs) {
  const url = byId.get(id).callFrame.url;
  const group = url.includes('/node_modules/')
    ? `nm/${url
        .split('/node_modules/')
        .pop()
        .split('/')
        .slice(0, url.includes('/node_modules/@') ? 2 : 1)
        .join('/')}`
    : url
      ? short(url)
      : byId.get(id).callFrame.functionName;
  byFile.set(group, (byFile.get(group) ?? 0) + us);
}
process.stdout.write('\nself time by package / file:\n');
for (const [key, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top))
  process.stdout.write(`  ${pct(us)}  ${key}\n`);

if (filterArg) {
  // Inclusive time: a sample counts once for every distinct matching frame on its stack.
  const filter = new RegExp(filterArg);
  const inclusive = new Map();
  for (const [id, us] of selfUs) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = keyOf(byId.get(cur));
      if (!seen.has(key) && filter.test(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
  }
  process.stdout.write(`\ninclusive time of frames matching /${filterArg}/:\n`);
  for (const [key, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`  ${pct(us)}  ${key}\n`);
}
