/**
 * Docs by example, kept true: every command block of the README and docs/ that sends a request runs, as a
 * reader would paste it, against a started sandbox (the docs' ports mapped onto this one's), and what each
 * request was answered, status and reason code, is what the block's `# → STATUS REASON` comments say (read
 * from the sandbox's journal, so a request made through `partner-sandbox sign --exec` counts as one made by
 * curl). A reason code a doc names must have that status in docs/reason-codes.md too.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVIDER_PORT_ORDER } from '../../mocks/registry';
import { startSandbox, type Sandbox } from '../../mocks/sandbox';
import { SIGN_USER_AGENT } from '../../mocks/cli/sign/request-auth';
import { skippedTest } from '../helpers/skip-at-run-time';
import { docBlocks, sendsRequests } from './examples';

const ROOT = join(__dirname, '..', '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const hasJq = spawnSync('jq', ['--version']).status === 0;

interface Answered {
  readonly status: number;
  readonly reason: string | null;
}

/** `partner-sandbox` and `npx partner-sandbox` as an installed package runs them: this checkout's build. */
function shimFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'partner-sandbox-doc-bin-'));
  const bin = join(ROOT, 'bin', 'partner-sandbox.js');
  const scripts = {
    'partner-sandbox': `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`,
    npx: `#!/bin/sh\nif [ "$1" = partner-sandbox ]; then shift; exec "${process.execPath}" "${bin}" "$@"; fi\necho "docs use npx only for partner-sandbox" >&2; exit 127\n`,
  };
  for (const [name, script] of Object.entries(scripts)) {
    writeFileSync(join(folder, name), script);
    chmodSync(join(folder, name), 0o755);
  }
  return folder;
}

/** Runs a script in bash from an empty folder, the shims first on PATH; resolves with its stderr. */
function runBash(script: string, shims: string): Promise<{ stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd: mkdtempSync(join(tmpdir(), 'partner-sandbox-doc-')),
      env: { ...process.env, PATH: `${shims}:${process.env.PATH}` },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () => resolve({ stderr }));
  });
}

/** Status per reason code, as docs/reason-codes.md's table has it (runtime codes under `<PROVIDER>_`). */
function catalogueStatuses(): Map<string, number> {
  const rows = readFileSync(join(ROOT, 'docs', 'reason-codes.md'), 'utf8').matchAll(
    /^\| `([A-Z0-9_<>]+)` \| (\d{3}) \|/gm,
  );
  return new Map([...rows].map(([, code, status]) => [code as string, Number(status)]));
}

/** A code's catalogued status: its own row, else the runtime's `<PROVIDER>_` row. */
function catalogued(statuses: Map<string, number>, code: string): number | undefined {
  const runtime = PROVIDER_PORT_ORDER.map((name) => `${name.toUpperCase()}_`).find((prefix) =>
    code.startsWith(prefix),
  );
  return (
    statuses.get(code) ?? (runtime ? statuses.get(`<PROVIDER>_${code.slice(runtime.length)}`) : undefined)
  );
}

describe('the docs’ command blocks', () => {
  it.each(DOCS)('%s: every block that sends a request says what it answers', (doc) => {
    const silent = docBlocks(join(ROOT, doc)).filter(
      (block) => sendsRequests(block) && block.expectations.length === 0,
    );
    expect(silent.map(({ line }) => `${doc}:${line}`)).toEqual([]);
  });

  if (!hasJq) {
    skippedTest('the docs’ command blocks run', 'jq is not installed (the docs pipe answers into it)');
    return;
  }

  let sandbox: Sandbox;
  let shims: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    shims = shimFolder();
  });
  afterAll(() => sandbox?.close());

  /** The docs' URLs (127.0.0.1:4010 to :4014) onto this sandbox's ports. */
  const onThisSandbox = (code: string) =>
    code.replace(/127\.0\.0\.1:(401[0-4])\b/g, (_, port: string) => {
      const name = PROVIDER_PORT_ORDER[Number(port) - 4010] as string;
      return new URL(sandbox.providers[name]!.url).host;
    });

  /** Every answer since the reset, in order, leaving out `sign --session`'s own session request. */
  async function answered(): Promise<Answered[]> {
    const entries: {
      id: number;
      time: string;
      status: number;
      reason: string | null;
      headers: Record<string, string>;
    }[] = [];
    for (const { url } of Object.values(sandbox.providers)) {
      const { requests } = (await (await fetch(`${url}/__sandbox/requests`)).json()) as {
        requests: typeof entries;
      };
      entries.push(...requests);
    }
    return entries
      .filter((entry) => entry.headers['user-agent'] !== SIGN_USER_AGENT)
      .sort((a, b) => a.time.localeCompare(b.time) || a.id - b.id)
      .map(({ status, reason }) => ({ status, reason }));
  }

  const runnable = DOCS.filter((doc) =>
    docBlocks(join(ROOT, doc)).some((block) => block.expectations.length > 0),
  );

  it.each(runnable)(
    '%s: each request is answered as the doc says',
    async (doc) => {
      await Promise.all(
        Object.values(sandbox.providers).map(({ url }) =>
          fetch(`${url}/__sandbox/reset`, { method: 'POST' }),
        ),
      );
      const blocks = docBlocks(join(ROOT, doc)).filter((block) => block.expectations.length > 0);
      const script = blocks.map((block) => `# ${doc}:${block.line}\n${onThisSandbox(block.code)}`).join('\n');
      // Not spawnSync: the sandbox answering the script runs in this process.
      const shell = await runBash(script, shims);
      const expected = blocks
        .flatMap((block) => block.expectations)
        .map(({ status, reason, line }) => ({ at: `${doc}:${line}`, status, reason }));
      const actual = await answered();
      const compared = expected.map(({ at }, index) => ({
        at,
        ...(actual[index] ?? { status: 'no request', reason: null }),
      }));
      const extra = actual
        .slice(expected.length)
        .map((answer) => ({ at: 'a request the doc does not state', ...answer }));
      expect({ answers: [...compared, ...extra], stderr: shell.stderr }).toEqual({
        answers: expected.map(({ at, status, reason }) => ({ at, status, reason })),
        stderr: expect.any(String),
      });
    },
    120_000,
  );

  it('every reason code the docs state has that status in docs/reason-codes.md', () => {
    const statuses = catalogueStatuses();
    const stated = DOCS.flatMap((doc) =>
      docBlocks(join(ROOT, doc)).flatMap((block) =>
        block.expectations
          .filter((e) => e.reason !== null)
          .map((e) => ({ at: `${doc}:${e.line}`, reason: e.reason as string, status: e.status })),
      ),
    );
    expect(stated.map(({ at, reason }) => ({ at, reason, status: catalogued(statuses, reason) }))).toEqual(
      stated.map(({ at, reason, status }) => ({ at, reason, status })),
    );
  });
});
