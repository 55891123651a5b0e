/**
 * Builds only the renderer, with exactly the renderer section of electron.vite.config.ts, so the browser
 * tests do not depend on the main and preload bundles (they never load them: the API comes over HTTP).
 * Run as a script: `npx tsx tests/e2e/build-renderer.ts`.
 */
import { resolveConfig } from 'electron-vite';
import { build } from 'vite';

// electron-vite applies its production renderer preset (relative base, Electron's Chrome target) only under this flag.
process.env.NODE_ENV_ELECTRON_VITE = 'production';

const { config } = await resolveConfig({ logLevel: 'warn' }, 'build', 'production');
if (!config?.renderer) throw new Error('electron.vite.config.ts has no renderer section');
await build(config.renderer);
