/**
 * The renderer's Content-Security-Policy, the same for Electron and the HTTP transport: no inline or eval'd
 * script, nothing from the network; 'wasm-unsafe-eval' lets the QR decoder's WebAssembly compile (issue #5).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
