// @ts-check
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const ROOT = dirname(fileURLToPath(import.meta.url));

/**
 * The layer a file is in: `{top: 'src' | 'mocks', folder}` where folder is `shared`, `runtime`, `cli` or a
 * provider's name, and undefined for a file directly in src/ or mocks/ (`src/index.ts`, `mocks/registry.ts`).
 * Files elsewhere (test/, scripts/, bench/, examples/, and index.ts, the package root that offers src/ and the
 * sandbox together) are in no layer: they may import anything.
 * @param {string} file an absolute path
 */
function layerOf(file) {
  const [top, folder, ...rest] = relative(ROOT, file).split(sep);
  if (top !== 'src' && top !== 'mocks') return undefined;
  return { top, folder: rest.length === 0 ? undefined : folder };
}

/**
 * Why `from` may not import `to`, or undefined when it may:
 * - src/ is what integrators install: it imports nothing from mocks/;
 * - src/shared is provider-neutral, and src/<a> imports only itself and src/shared;
 * - mocks/runtime names no provider: it imports only itself and src/shared;
 * - a provider's mock, mocks/<a>, imports only itself, mocks/runtime, src/<a> and src/shared.
 * The registry, the sandbox library and the CLI (mocks/registry.ts, mocks/sandbox.ts, mocks/cli/) put the
 * providers together and are not restricted.
 * Provider names are not listed anywhere, so a new provider's folders are covered as they appear.
 * @param {ReturnType<typeof layerOf>} from
 * @param {ReturnType<typeof layerOf>} to
 */
function layerViolation(from, to) {
  if (from === undefined || to === undefined) return undefined;
  if (from.top === 'src') {
    if (to.top === 'mocks') return 'src/ is what integrators import: it imports nothing from mocks/';
    if (from.folder === undefined || to.folder === from.folder || to.folder === 'shared') return undefined;
    return from.folder === 'shared'
      ? 'src/shared is provider-neutral: it imports nothing from a provider folder'
      : `src/${from.folder} imports only src/${from.folder} and src/shared`;
  }
  if (from.folder === 'runtime') {
    const allowed = to.top === 'mocks' ? to.folder === 'runtime' : to.folder === 'shared';
    return allowed
      ? undefined
      : 'mocks/runtime names no provider: it imports only mocks/runtime and src/shared';
  }
  if (from.folder === undefined || from.folder === 'cli') return undefined;
  const own = from.folder;
  const allowed = to.folder === own || to.folder === (to.top === 'mocks' ? 'runtime' : 'shared');
  return allowed
    ? undefined
    : `mocks/${own} imports only mocks/${own}, mocks/runtime, src/${own} and src/shared (never another provider)`;
}

/** @type {import('eslint').Rule.RuleModule} */
const layeredImports = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Keeps src/, mocks/runtime and each provider folder to the imports their layer allows',
    },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (from === undefined) return {};
    /** @param {any} source the import's string literal */
    const check = (source) => {
      const specifier = source?.type === 'Literal' ? source.value : undefined;
      if (typeof specifier !== 'string' || !/^\.{1,2}(\/|$)|^\//.test(specifier)) return;
      const message = layerViolation(from, layerOf(resolve(dirname(context.filename), specifier)));
      if (message !== undefined) context.report({ node: source, message: `'${specifier}': ${message}` });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      /** @param {any} node `import x = require('...')` */
      TSImportEqualsDeclaration: (node) => check(node.moduleReference?.expression),
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'src/*/types.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    plugins: { layers: { rules: { imports: layeredImports } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      'layers/imports': 'error',
    },
  },
);
