import { defineConfig } from 'vitest/config';
import { inlineWasm, RENDERER_WASM } from './scripts/inline-wasm.js';

export default defineConfig({
  test: {
    // Once for the whole run, whichever projects run: the tests drive the built command line, as users do.
    globalSetup: ['tests/helpers/cli-build.ts'],
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          include: ['tests/core/**/*.test.ts', 'tests/db/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // The renderer's imports resolve as in its build (a test never turns the camera on, but its import is seen).
        plugins: [inlineWasm(RENDERER_WASM)],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
