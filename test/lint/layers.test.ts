/**
 * The layer rule in eslint.config.mjs fires where a layer imports what it may not, and stays quiet where it may.
 * ESLint loads its flat config with a dynamic import, which Jest's module system does not run, so the snippets are
 * linted by ESLint's Node API (`lintText` with a made-up file path) in a child Node process.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

interface Case {
  readonly filePath: string;
  readonly code: string;
}

const LINT_EACH = `
import { ESLint } from 'eslint';
const cases = JSON.parse(await new Promise((done) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => done(text));
}));
const eslint = new ESLint({ cwd: process.cwd() });
const results = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(result.messages.filter((m) => m.ruleId === 'layers/imports').map((m) => m.message));
}
process.stdout.write(JSON.stringify(results));
`;

/** The layer rule's messages for each snippet, linted as if it were the file at `filePath`. */
function layerMessages(cases: readonly Case[]): string[][] {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', LINT_EACH], {
    cwd: ROOT,
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[][];
}

const imports = (...specifiers: string[]) =>
  specifiers.map((specifier, index) => `import { x${index} } from '${specifier}';`).join('\n') +
  `\nexport const used = [${specifiers.map((_, index) => `x${index}`).join(', ')}];\n`;

const refused: readonly (Case & { readonly because: string })[] = [
  {
    filePath: 'src/xcover/client.ts',
    code: imports('../../mocks/runtime/ids'),
    because: 'nothing from mocks/',
  },
  { filePath: 'src/index.ts', code: imports('../mocks/registry'), because: 'nothing from mocks/' },
  {
    filePath: 'src/shared/hmac.ts',
    code: imports('../xcover/signature'),
    because: 'src/shared is provider-neutral',
  },
  {
    filePath: 'src/kasko/signer.ts',
    code: imports('../xcover/signature'),
    because: 'imports only src/kasko and src/shared',
  },
  {
    filePath: 'mocks/runtime/app.ts',
    code: imports('../xcover/ids'),
    because: 'mocks/runtime names no provider',
  },
  {
    filePath: 'mocks/runtime/validation/v.ts',
    code: imports('../../kigo/provider'),
    because: 'mocks/runtime names no provider',
  },
  {
    filePath: 'mocks/runtime/app.ts',
    code: imports('../../src/xcover'),
    because: 'mocks/runtime names no provider',
  },
  {
    filePath: 'mocks/runtime/app.ts',
    code: imports('../registry'),
    because: 'mocks/runtime names no provider',
  },
  {
    filePath: 'mocks/kasko/handlers/quotes.ts',
    code: imports('../../xcover/ids'),
    because: 'never another provider',
  },
  {
    filePath: 'mocks/kasko/provider.ts',
    code: imports('../../src/ensuro/verifier'),
    because: 'never another provider',
  },
  {
    filePath: 'mocks/xcover/provider.ts',
    code: imports('../kashier/state'),
    because: 'never another provider',
  },
  {
    filePath: 'mocks/xcover/provider.ts',
    code: "export * from '../kasko/state';\n",
    because: 'never another provider',
  },
  {
    filePath: 'mocks/xcover/provider.ts',
    code: "export const load = () => import('../kasko/state');\n",
    because: 'never another provider',
  },
];

const allowed: readonly Case[] = [
  { filePath: 'src/index.ts', code: imports('./xcover', './shared') },
  {
    filePath: 'src/xcover/signature/verifier.ts',
    code: imports('../../shared/hmac', './algorithms', '../types'),
  },
  { filePath: 'mocks/runtime/validation/v.ts', code: imports('../spec', '../../../src/shared/headers') },
  {
    filePath: 'mocks/kasko/handlers/quotes.ts',
    code: imports(
      '../ids',
      '../../runtime/ids',
      '../../../src/kasko/signer',
      '../../../src/shared/hmac',
      'node:crypto',
    ),
  },
  { filePath: 'mocks/registry.ts', code: imports('./xcover/provider', './kasko/provider') },
  { filePath: 'mocks/cli/main.ts', code: imports('../registry', '../runtime/server') },
  { filePath: 'test/helpers/anything.ts', code: imports('../../mocks/xcover/ids', '../../src/kasko/signer') },
];

describe('the layer rule', () => {
  const messages = layerMessages([...refused, ...allowed]);

  it.each(
    refused.map((example, index) => [example.filePath, example.code.split('\n')[0], example, index] as const),
  )('refuses in %s: %s', (_, __, example, index) => {
    expect(messages[index]).toEqual([expect.stringContaining(example.because)]);
  });

  it.each(allowed.map((example, index) => [example.filePath, example, refused.length + index] as const))(
    'allows what %s may import',
    (_, __, index) => {
      expect(messages[index]).toEqual([]);
    },
  );
});
