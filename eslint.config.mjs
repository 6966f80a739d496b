// The one lint config. Its main job is the architecture boundary (see ARCHITECTURE.md):
// the engine and the chain module never import editor or protocol code; shared/ (what the client and the
// server must agree on: the rule catalogue, the settings table) imports nothing at all, and every other
// folder may import it.
import tseslint from 'typescript-eslint';

const editorModules = [
  'vscode',
  'vscode-languageserver',
  'vscode-languageserver/*',
  'vscode-languageclient',
  'vscode-languageclient/*',
  'vscode-languageserver-protocol',
  'vscode-languageserver-textdocument',
  'vscode-jsonrpc',
];

const engineEditorPaths = editorModules
  .filter((m) => !m.includes('*'))
  .map((name) => ({ name, message: 'The engine is editor-free.' }));
// shared/ is not in these lists: the engine (like every face) may import it.
const engineBase = [
  { group: ['vscode-*', 'vscode-*/*'], message: 'The engine is editor-free.' },
  {
    group: ['**/server/**', '**/client/**', '**/cli/**', '**/chain/**', '**/host/**', '**/protocol/**'],
    message: 'The engine depends on nothing above it.',
  },
  {
    group: ['node:*', 'fs', 'path', 'child_process', 'os'],
    message: 'The engine takes source text in: no file system or process access (use FileHost).',
  },
];

/** Bottom to top: syntax → constants → workspace → selectors → storage → diamonds → upgrade → rules → service. */
const ENGINE_LAYERS = [
  { dir: 'syntax', above: ['*'], why: 'syntax/ is the lowest layer: it imports nothing but itself.' },
  {
    dir: 'constants',
    above: ['upgrade', 'workspace', 'selectors', 'storage', 'diamonds', 'rules', 'service'],
    why: 'constants/ (the one constant evaluator) imports only syntax/ and the shared helpers.',
  },
  {
    dir: 'workspace',
    above: ['upgrade', 'selectors', 'storage', 'diamonds', 'rules', 'service'],
    why: 'workspace/ imports only syntax/ and the shared vocabulary.',
  },
  {
    dir: 'selectors',
    above: ['upgrade', 'storage', 'diamonds', 'rules', 'service'],
    why: 'selectors/ imports only workspace/, syntax/ and the shared vocabulary.',
  },
  {
    dir: 'storage',
    above: ['upgrade', 'diamonds', 'rules', 'service'],
    why: 'storage/ imports only selectors/, workspace/, syntax/ and the shared vocabulary.',
  },
  {
    dir: 'diamonds',
    above: ['upgrade', 'rules', 'service'],
    why: 'diamonds/ (facet discovery) imports nothing from rules/ or the service.',
  },
  {
    dir: 'upgrade',
    above: ['rules', 'service'],
    why: 'upgrade/ (the cut planner) is pure planning: it imports nothing from rules/ or the service.',
  },
  { dir: 'rules', above: ['service'], why: 'rules/ never imports the service: the service runs the rules.' },
  {
    dir: 'docs',
    above: ['rules', 'service'],
    why: 'docs/ (documentation model and renderers) reads the analysis layers; the service hands it their results.',
  },
];

/** no-restricted-imports for a folder that is editor-free and imports nothing above it (`above`), plus `more`. */
const editorFreeImports = (editorMessage, above, aboveMessage, more = []) => [
  'error',
  {
    paths: editorModules.filter((m) => !m.includes('*')).map((name) => ({ name, message: editorMessage })),
    patterns: [
      { group: ['vscode-*', 'vscode-*/*'], message: editorMessage },
      { group: above, message: aboveMessage },
      ...more,
    ],
  },
];

/** Outside engine/: the engine's one entry module (engine/index.ts), never its internals. */
const engineEntryOnly = {
  group: ['**/engine/src', '**/engine/src/**'],
  message: "Import the engine through its entry module ('engine'), not its internals.",
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      '.tools/**',
      'test/fixtures/**',
      'test/e2e/workspaces/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: engineEditorPaths, patterns: engineBase }],
      'no-restricted-globals': ['error', { name: 'process', message: 'The engine uses no process globals.' }],
    },
  },
  // The engine's internal layers (ARCHITECTURE.md, "Inside the engine"): each imports only the layers below it.
  ...ENGINE_LAYERS.map(({ dir, above, why }) => ({
    files: [`engine/src/${dir}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: engineEditorPaths,
          patterns: [
            ...engineBase,
            {
              group: above.flatMap((a) => [`../${a}`, `../${a}/*`, `../../${a}`, `../../${a}/*`]),
              message: why,
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': editorFreeImports(
        'shared/ is editor-free: the client and the server both load it.',
        [
          '**/engine',
          '**/engine/**',
          '**/server/**',
          '**/client/**',
          '**/cli/**',
          '**/chain/**',
          '**/host/**',
          '**/protocol/**',
        ],
        'shared/ depends on nothing above it: it is what the folders above agree on.',
        [
          {
            group: ['node:*', 'fs', 'path', 'child_process', 'os', 'url', 'util', 'crypto'],
            message: 'shared/ is pure data and pure functions: no Node built-ins.',
          },
        ],
      ),
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'shared/ is pure: no process globals.' },
      ],
    },
  },
  // chain/ may import host/ (the project model: files, remappings, places) and the engine's entry module.
  {
    files: ['chain/**/*.ts'],
    rules: {
      'no-restricted-imports': editorFreeImports(
        'The chain module is editor-free.',
        ['**/server/**', '**/client/**', '**/cli/**', '**/protocol/**'],
        'The chain module depends on nothing above it.',
        [engineEntryOnly],
      ),
    },
  },
  // host/ sits below chain/: chain may use the project model, host never imports chain.
  {
    files: ['host/**/*.ts'],
    rules: {
      'no-restricted-imports': editorFreeImports(
        'host/ is editor-free Node code shared by the server and the CLI.',
        ['**/server/**', '**/client/**', '**/cli/**', '**/protocol/**', '**/chain/**'],
        'host/ depends on nothing above it.',
        [engineEntryOnly],
      ),
    },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine', '**/engine/**'],
              message:
                'The client asks the language server (protocol/requests.ts); it never computes what the engine knows.',
            },
            { group: ['**/server/**'], message: 'The client talks to the server over LSP only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode'], message: 'Only the client may import vscode.' },
            { group: ['**/client/**'], message: 'Faces do not import each other.' },
            {
              group: ['**/server/**'],
              message: 'The CLI does not import the server: shared Node helpers live in host/.',
            },
            engineEntryOnly,
          ],
        },
      ],
    },
  },
);
