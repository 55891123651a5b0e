import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The WebAssembly the renderer carries: the door's QR decoder. */
export const RENDERER_WASM = { 'zxing-reader': 'zxing-wasm/reader/zxing_reader.wasm' };

const PREFIX = 'inline-wasm:';

/**
 * `import base64 from 'inline-wasm:<name>'` gives a package's WebAssembly file as base64 inside the bundle: the door's
 * QR decoder is never fetched, neither from a CDN nor from a file:// page (Electron's), which cannot fetch. (The id
 * does not end in .wasm, which Vite's own WebAssembly handling would take.) Plain JavaScript, so Vite loads the configs
 * that use it as they are.
 */
export function inlineWasm(files) {
  return {
    name: 'lanyard-inline-wasm',
    resolveId: (id) => (id.startsWith(PREFIX) && Object.hasOwn(files, id.slice(PREFIX.length)) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const file = createRequire(import.meta.url).resolve(files[id.slice(PREFIX.length + 1)]);
      return `export default ${JSON.stringify(readFileSync(file).toString('base64'))};`;
    },
  };
}
