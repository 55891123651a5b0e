import type { ReaderOptions } from 'zxing-wasm/reader';

/**
 * The QR decoder for camera scanning: zxing-wasm's reader, its WebAssembly carried inside the app's own bundle (a
 * chunk loaded the first time a door turns its camera on) and handed over as bytes, so it is never fetched — not from
 * a CDN, and not from a file:// page, which cannot fetch.
 */
type Reader = (image: ImageData) => Promise<string | null>;

let loading: Promise<Reader> | null = null;

const OPTIONS: ReaderOptions = { formats: ['QRCode'], maxNumberOfSymbols: 1, tryHarder: true, tryRotate: true, tryInvert: false };

function fromBase64(base64: string): ArrayBuffer {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

export function qrReader(): Promise<Reader> {
  loading ??= (async () => {
    const [{ prepareZXingModule, readBarcodes }, { default: wasm }] = await Promise.all([import('zxing-wasm/reader'), import('inline-wasm:zxing-reader')]);
    await prepareZXingModule({ overrides: { wasmBinary: fromBase64(wasm) }, fireImmediately: true });
    return async (image: ImageData) => {
      const [found] = await readBarcodes(image, OPTIONS);
      return found?.isValid ? found.text : null;
    };
  })();
  // A failed load is tried again next time the camera is turned on.
  loading.catch(() => (loading = null));
  return loading;
}

/** Frames decoded a second: enough for a badge held up to the camera, little enough not to heat a laptop. */
export const FRAMES_PER_SECOND = 8;
/** Frames are scaled down to this width before decoding: a badge's QR filling a quarter of the view stays readable. */
export const FRAME_WIDTH = 640;
