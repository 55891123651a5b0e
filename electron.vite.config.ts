import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { WORKER_ENTRIES } from './scripts/cli-build.js';
import { inlineWasm, RENDERER_WASM } from './scripts/inline-wasm.js';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        // The import worker, its parse thread and the badge threads are entries of their own: threads.ts starts
        // them from beside the bundle that asks.
        input: { index: resolve('src/main/index.ts'), ...Object.fromEntries(Object.entries(WORKER_ENTRIES).map(([name, file]) => [name, resolve(file)])) },
        // Shared code beside the entries, not in chunks/: threads.ts, wherever it is bundled, finds the
        // worker entries next to itself.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load ES modules or node_modules: one self-contained CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react(), inlineWasm(RENDERER_WASM)],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html') },
      },
    },
  },
});
