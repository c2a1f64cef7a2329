/**
 * The package as a consumer gets it (test/helpers/consumer.ts: what `npm pack` publishes, installed into a
 * fresh project): `files` is exact, the executable runs through npx, every subpath type-checks under each
 * `moduleResolution` in common use, and `examples/jest` and `examples/ci`, copied in as a user copies them,
 * run with no tsconfig of the consumer's own (ts-jest's defaults: `node10` resolution, full type-check).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import ts from 'typescript';
import { createConsumer, ROOT, type Consumer } from '../../helpers/consumer';
import { freePort, portIsFree } from '../../helpers/free-port';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  typesVersions: Record<string, Record<string, string[]>>;
};

/** Every folder of src/ with an entry point: a subpath each. */
const SUBPATHS = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'src', entry.name, 'index.ts')))
  .map((entry) => entry.name);

/**
 * A compiler host that parses each file once for all four resolutions (the standard library and @types/node
 * are most of the work); a file is cached per the form it is read in (module format, target).
 */
const parsed = new Map<string, ts.SourceFile | undefined>();
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (fileName.endsWith('imports.ts')) return read(fileName, languageVersion, ...rest);
    const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
    if (!parsed.has(key)) parsed.set(key, read(fileName, languageVersion, ...rest));
    return parsed.get(key);
  };
  return host;
}

let consumer: Consumer;
beforeAll(() => {
  consumer = createConsumer();
}, 60_000);

describe('what npm publishes', () => {
  it('is exactly the entries `files` names, with no build output left from deleted sources', () => {
    const top = new Set(
      consumer.packed.map(({ path }) =>
        path
          .split('/')
          .slice(0, path.startsWith('dist/') ? 2 : 1)
          .join('/'),
      ),
    );
    const expected = manifest.files.map((entry) =>
      entry.startsWith('dist/') ? entry.split('/').slice(0, 2).join('/') : entry,
    );
    expect([...top].filter((entry) => entry !== 'package.json').sort()).toEqual(
      [...new Set(expected)].sort(),
    );
    const stale = consumer.packed
      .map(({ path }) => path)
      .filter((path) => path.startsWith('dist/') && path.endsWith('.js'))
      .filter((path) => !existsSync(join(ROOT, path.slice('dist/'.length).replace(/\.js$/, '.ts'))));
    expect(stale).toEqual([]);
    expect(consumer.packed.filter(({ path }) => /\.test\.|tsbuildinfo/.test(path))).toEqual([]);
  });

  it('maps every subpath in typesVersions (node10 resolution), to the declarations it ships', () => {
    const mapped = manifest.typesVersions['*']!;
    expect(Object.keys(mapped).sort()).toEqual([...SUBPATHS].sort());
    for (const [subpath, [target]] of Object.entries(mapped)) {
      expect(target).toBe(`dist/src/${subpath}/index.d.ts`);
      expect(consumer.packed.some(({ path }) => path === target)).toBe(true);
    }
  });
});

describe('installed in a consumer project', () => {
  it('npx partner-sandbox --version prints the version', () => {
    const npx = execFileSync('npx', ['--no-install', 'partner-sandbox', '--version'], {
      cwd: consumer.folder,
      encoding: 'utf8',
    });
    expect(npx).toBe(`${manifest.version}\n`);
  });

  it.each([
    ['node10', { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 }],
    ['node16', { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
    ['nodenext', { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext }],
    ['bundler', { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
  ])('the root and every subpath type-check under moduleResolution %s', (_name, resolution) => {
    const file = join(consumer.folder, 'imports.ts');
    writeFileSync(
      file,
      [
        "import { startSandbox } from 'partner-sandbox';",
        ...SUBPATHS.map((subpath, index) => `import * as subpath${index} from 'partner-sandbox/${subpath}';`),
        `export const used = [startSandbox, ${SUBPATHS.map((_, index) => `subpath${index}`).join(', ')}];`,
        "import { createXCoverClient } from 'partner-sandbox/xcover';",
        "export const client = createXCoverClient({ baseUrl: 'http://127.0.0.1:4014/x', key: { apiKey: 'k', apiSecret: 's' } });",
      ].join('\n'),
    );
    const options: ts.CompilerOptions = {
      ...resolution,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(consumer.folder, 'node_modules', '@types')],
    };
    const program = ts.createProgram({ rootNames: [file], options, host: cachingHost(options) });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  it('examples/jest, copied in, passes with ts-jest’s defaults (no tsconfig)', () => {
    for (const name of readdirSync(join(ROOT, 'examples', 'jest')))
      copyFileSync(join(ROOT, 'examples', 'jest', name), join(consumer.folder, name));
    const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci'], {
      cwd: consumer.folder,
      encoding: 'utf8',
    });
    expect(jest.stderr).toMatch(/Tests: +2 passed, 2 total/);
    expect(jest.status).toBe(0);
  }, 60_000);

  describe('examples/ci/with-sandbox.sh, copied in', () => {
    const script = () => {
      const copy = join(consumer.folder, 'with-sandbox.sh');
      if (!existsSync(copy)) copyFileSync(join(ROOT, 'examples', 'ci', 'with-sandbox.sh'), copy);
      return copy;
    };

    it('runs the command against a ready sandbox, keeps its exit status, and stops the sandbox', async () => {
      const port = await freePort();
      const run = spawnSync(
        script(),
        [process.execPath, '-e', 'console.log(process.env.XCOVER_BASE_URL); process.exit(3)'],
        {
          cwd: consumer.folder,
          encoding: 'utf8',
          env: { ...process.env, SANDBOX_PORT_BASE: String(port - 4) },
        },
      );
      expect(run.stdout).toBe(`http://127.0.0.1:${port}/x\n`);
      expect(run.status).toBe(3);
      expect(await portIsFree(port)).toBe(true);
    }, 60_000);

    it('exits 2 when the sandbox cannot start', async () => {
      const port = await freePort();
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
      try {
        const run = spawnSync(script(), ['true'], {
          cwd: consumer.folder,
          encoding: 'utf8',
          env: { ...process.env, SANDBOX_PORT_BASE: String(port - 4) },
        });
        expect(run.stderr).toContain('the sandbox did not start');
        expect(run.status).toBe(2);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    }, 60_000);
  });
});
