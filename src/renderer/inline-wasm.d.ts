/** A WebAssembly file carried in the bundle as base64 (electron.vite.config.ts, inlineWasm). */
declare module 'inline-wasm:*' {
  const base64: string;
  export default base64;
}
