#!/usr/bin/env node
'use strict';
// Regenerates src/<provider>/types.ts from specs/<provider>.yaml with openapi-typescript.
// With --check, regenerates into a temporary folder and fails if any committed file differs (drift check).
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, existsSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const root = join(__dirname, '..');
const check = process.argv.includes('--check');
const bin = join(root, 'node_modules', '.bin', 'openapi-typescript');
const scratch = check ? mkdtempSync(join(tmpdir(), 'partner-sandbox-types-')) : undefined;
const drifted = [];

for (const file of readdirSync(join(root, 'specs')).filter((name) => name.endsWith('.yaml'))) {
  const provider = file.replace(/\.yaml$/, '');
  const committed = join(root, 'src', provider, 'types.ts');
  const target = scratch ? join(scratch, `${provider}.ts`) : committed;
  execFileSync(bin, [join(root, 'specs', file), '--output', target], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (check && (!existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(target, 'utf8'))) {
    drifted.push(`src/${provider}/types.ts`);
  }
}
if (scratch) rmSync(scratch, { recursive: true, force: true });
if (drifted.length > 0) {
  console.error(
    `Generated types are out of date: ${drifted.join(', ')}. Run \`npm run types:generate\` and commit.`,
  );
  process.exit(1);
}
console.log(check ? 'Generated types match the specs.' : 'Types regenerated.');
