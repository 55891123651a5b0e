import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';

/** One member of a ZIP archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; nothing else is read here. */
  method: number;
  compressedSize: number;
  localHeader: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end-of-central-directory record is the last 22 bytes plus a comment of up to 64 KiB. */
const EOCD_SEARCH = 22 + 0xffff;
const ZIP64_MARK = 0xffffffff;

/**
 * The members of a plain ZIP archive by name, from its central directory; null for what this reader leaves to a
 * fuller one (ZIP64, encryption, a compression other than deflate, a damaged directory). Nothing is inflated here.
 */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - EOCD_SEARCH); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || size === ZIP64_MARK || at === ZIP64_MARK || at + size > end) return null;
  const entries = new Map<string, ZipEntry>();
  const names = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) return null;
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressedSize = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeader = view.getUint32(at + 42, true);
    if ((flags & 1) !== 0 || (method !== 0 && method !== 8) || compressedSize === ZIP64_MARK || localHeader === ZIP64_MARK) return null;
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, { name, method, compressedSize, localHeader });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** An entry's bytes as stored (compressed), found through its local header. */
function storedBytes(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeader;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw new Error(`the archive's member ${entry.name} has no local header`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) throw new Error(`the archive's member ${entry.name} is cut short`);
  return bytes.subarray(start, start + entry.compressedSize);
}

/** A member inflated whole (the small ones: the workbook, its relationships, the shared strings). */
export function entryBytes(bytes: Uint8Array, entry: ZipEntry): Buffer {
  const stored = storedBytes(bytes, entry);
  return entry.method === 0 ? Buffer.from(stored) : inflateRawSync(stored);
}

const CHUNK = 256 * 1024;

/** A member inflated as it is read, in chunks, so a large sheet is never held inflated whole. */
export async function* entryChunks(bytes: Uint8Array, entry: ZipEntry): AsyncGenerator<Buffer> {
  const stored = storedBytes(bytes, entry);
  if (entry.method === 0) {
    for (let i = 0; i < stored.length; i += CHUNK) yield Buffer.from(stored.subarray(i, i + CHUNK));
    return;
  }
  const inflate = createInflateRaw({ chunkSize: CHUNK });
  Readable.from([Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength)]).pipe(inflate);
  for await (const chunk of inflate) yield chunk as Buffer;
}
