/** A chosen file as the import commands take it: the browser's own base64 (a data URL without its prefix), fast for a 100k-row file. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** Where a wizard's column mapping is saved: beside the export it was made for, in the JSON the CLI's --mapping reads. */
export const mappingFileName = (fileName: string): string => `${fileName.replace(/\.[^./\\]+$/, '')}.mapping.json`;
