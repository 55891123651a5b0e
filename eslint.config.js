import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https',
  'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

const restrict = (message, patterns) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

/** The runtime layers of docs/ARCHITECTURE.md: a wrong import fails lint, not review. */
const layers = [
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict('src/shared is pure TypeScript: no Node, Electron, DOM libraries or database here.', [
      'node:*', ...NODE_BUILTINS, 'electron', 'better-sqlite3', 'react', 'react-dom', '**/main/**', '**/renderer/**', '**/preload/**',
    ]),
  },
  {
    files: ['src/main/core/**/*.ts', 'src/main/cli/**/*.ts'],
    rules: restrict("src/main/core runs under plain Node: never import 'electron' or the renderer; only src/main/app may.", [
      'electron', 'electron/*', '**/main/app/**', '../app/*', '../../app/*', '**/renderer/**', '**/preload/**', 'react', 'react-dom',
    ]),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: restrict('The renderer talks only to the typed API: no Electron, Node or main-process code.', [
      'node:*', ...NODE_BUILTINS, 'electron', 'better-sqlite3', '**/main/**', '**/preload/**',
    ]),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict('The preload exposes the typed API and nothing else: no Node, no core, no renderer.', [
      'node:*', ...NODE_BUILTINS, 'better-sqlite3', '**/main/**', '**/renderer/**',
    ]),
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'tests/e2e/artifacts/**', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  { files: ['src/renderer/**/*.{ts,tsx}', 'tests/renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  ...layers,
);
