/** Files the operator picks or saves: read with FileReader (the same code runs in Electron, Chromium and jsdom), saved by a download link. */

function read(file: Blob, as: 'text' | 'dataUrl'): Promise<string> {
  return new Promise((done, fail) => {
    const reader = new FileReader();
    reader.onload = () => done(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => fail(reader.error ?? new Error('the file could not be read'));
    if (as === 'text') reader.readAsText(file, 'utf-8');
    else reader.readAsDataURL(file);
  });
}

/** A picked file as UTF-8 text. */
export const readFileText = (file: Blob): Promise<string> => read(file, 'text');

/** A chosen file as the import commands take it: the browser's own base64 (a data URL without its prefix), fast for a 100k-row file. */
export async function fileToBase64(file: Blob): Promise<string> {
  const url = await read(file, 'dataUrl');
  return url.slice(url.indexOf(',') + 1);
}

/** The download may read the blob after click() returns (Electron first asks where to save), so it is freed later. */
const KEEP_BLOB_MS = 60_000;

/** Saves through a download link: a browser downloads it, Electron shows its save dialog. */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), KEEP_BLOB_MS);
}

export const saveJsonFile = (fileName: string, value: unknown): void => saveBlob(fileName, new Blob([`${JSON.stringify(value, null, 2)}\n`], { type: 'application/json' }));

/** A file main sent as base64 (a badge PDF), saved as it came. */
export const saveBase64File = (fileName: string, contentBase64: string, type: string): void =>
  saveBlob(fileName, new Blob([Uint8Array.from(atob(contentBase64), (c) => c.charCodeAt(0))], { type }));
