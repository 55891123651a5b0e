import { createRequire } from 'node:module';

// Not named `require`: electron-vite's ESM shim declares that name in the main bundle.
const load = createRequire(import.meta.url);

/**
 * A library loaded at its first use instead of at start: a command that never draws a badge or reads a name's pinyin
 * (`lanyard info`, `lanyard scan`, a door station) never pays the ~0.2 s that pdfkit, fontkit, qrcode, pinyin-pro and
 * opencc take to load. Their CommonJS builds, so pdfkit and the badge fonts share one fontkit.
 */
export function onFirstUse<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(id) as T);
}
