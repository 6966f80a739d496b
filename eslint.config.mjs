// The one lint config. Its main job is the architecture boundary (see ARCHITECTURE.md):
// the engine and the chain module never import editor or protocol code.
import tseslint from 'typescript-eslint';

const editorModules = ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient',
  'vscode-languageclient/*', 'vscode-languageserver-protocol', 'vscode-languageserver-textdocument', 'vscode-jsonrpc'];

const engineEditorPaths = editorModules
  .filter((m) => !m.includes('*'))
  .map((name) => ({ name, message: 'The engine is editor-free.' }));
const engineBase = [
  { group: ['vscode-*', 'vscode-*/*'], message: 'The engine is editor-free.' },
  { group: ['**/server/**', '**/client/**', '**/cli/**', '**/chain/**', '**/host/**', '**/protocol/**'], message: 'The engine depends on nothing above it.' },
  { group: ['node:*', 'fs', 'path', 'child_process', 'os'], message: 'The engine takes source text in: no file system or process access (use FileHost).' },
];

/** Bottom to top: syntax → workspace → selectors → storage → diamonds → rules → service. */
const ENGINE_LAYERS = [
  { dir: 'syntax', above: ['*'], why: 'syntax/ is the lowest layer: it imports nothing but itself.' },
  { dir: 'workspace', above: ['selectors', 'storage', 'diamonds', 'rules', 'service'], why: 'workspace/ imports only syntax/ and the shared vocabulary.' },
  { dir: 'selectors', above: ['storage', 'diamonds', 'rules', 'service'], why: 'selectors/ imports only workspace/, syntax/ and the shared vocabulary.' },
  { dir: 'storage', above: ['diamonds', 'rules', 'service'], why: 'storage/ imports only selectors/, workspace/, syntax/ and the shared vocabulary.' },
  { dir: 'diamonds', above: ['rules', 'service'], why: 'diamonds/ (facet discovery) imports nothing from rules/ or the service.' },
  { dir: 'rules', above: ['service'], why: 'rules/ never imports the service: the service runs the rules.' },
];

/** Outside engine/: the engine's one entry module (engine/index.ts), never its internals. */
const engineEntryOnly = { group: ['**/engine/src', '**/engine/src/**'], message: "Import the engine through its entry module ('engine'), not its internals." };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', '.tools/**', 'test/fixtures/**', 'test/e2e/workspaces/**', '**/*.mjs', '**/*.js'] },
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
      'no-restricted-imports': ['error', {
        paths: engineEditorPaths,
        patterns: [...engineBase, { group: above.flatMap((a) => [`../${a}`, `../${a}/*`, `../../${a}`, `../../${a}/*`]), message: why }],
      }],
    },
  })),
  ...[
    // chain/ may read a project from disk through host/, in one file only (re-pointed when host/ has a project model).
    { files: ['chain/**/*.ts'], ignores: ['chain/src/project-namespaces.ts'], host: [{ group: ['**/host/**'], message: 'chain/ reads projects through host/ in chain/src/project-namespaces.ts only.' }] },
    { files: ['chain/src/project-namespaces.ts'], host: [] },
  ].map(({ files, ignores, host }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: {
      'no-restricted-imports': ['error', {
        paths: editorModules.filter((m) => !m.includes('*')).map((name) => ({ name, message: 'The chain module is editor-free.' })),
        patterns: [
          { group: ['vscode-*', 'vscode-*/*'], message: 'The chain module is editor-free.' },
          { group: ['**/server/**', '**/client/**', '**/cli/**', '**/protocol/**'], message: 'The chain module depends on nothing above it.' },
          engineEntryOnly,
          ...host,
        ],
      }],
    },
  })),
  {
    files: ['host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: editorModules.filter((m) => !m.includes('*')).map((name) => ({ name, message: 'host/ is editor-free Node code shared by the server and the CLI.' })),
        patterns: [
          { group: ['vscode-*', 'vscode-*/*'], message: 'host/ is editor-free.' },
          { group: ['**/server/**', '**/client/**', '**/cli/**', '**/protocol/**', '**/chain/**'], message: 'host/ depends on nothing above it.' },
          engineEntryOnly,
        ],
      }],
    },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/engine/**'], message: 'The client asks the language server (protocol/requests.ts); it never computes what the engine knows.' },
          { group: ['**/server/**'], message: 'The client talks to the server over LSP only.' },
        ],
      }],
    },
  },
  {
    files: ['server/**/*.ts', 'cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['vscode'], message: 'Only the client may import vscode.' }, { group: ['**/client/**'], message: 'Faces do not import each other.' }, { group: ['**/server/**'], message: 'The CLI does not import the server: shared Node helpers live in host/.' }, engineEntryOnly] }],
    },
  },
);
