import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { cliOutput, cliStaging, WORKER_ENTRIES } from './scripts/cli-build.js';

const root = import.meta.dirname;

/**
 * The `lanyard` command line as plain JavaScript (bin/lanyard.js runs it): its entry and the worker entries beside
 * shared chunks, as in the main bundle; packages stay in node_modules. Built by `npm install` (prepare) and `npm run
 * build`; `npm run build:cli` alone takes about a second.
 */
export default defineConfig({
  root,
  logLevel: 'warn',
  plugins: [cliOutput(root, ['vite.cli.config.ts', 'scripts/cli-build.js'])],
  build: {
    ssr: true,
    target: 'node20',
    outDir: cliStaging(root),
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      input: { lanyard: resolve(root, 'src/main/cli/main.ts'), ...Object.fromEntries(Object.entries(WORKER_ENTRIES).map(([name, file]) => [name, resolve(root, file)])) },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
