// Types for inline-wasm.js, so the configs that use it are type-checked like the rest.
import type { Plugin } from 'vite';

export const RENDERER_WASM: Record<string, string>;
export function inlineWasm(files: Record<string, string>): Plugin;
