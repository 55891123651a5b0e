import { request } from 'node:http';

/**
 * Just enough IPP (RFC 8010/8011) to ask a spooler where a job is: lpstat prints completed, cancelled and aborted
 * jobs alike, and in the user's language, so a job's state is read from Get-Job-Attributes instead.
 */
const TAG = { operation: 0x01, end: 0x03, integer: 0x21, boolean: 0x22, enum: 0x23, uri: 0x45, keyword: 0x44, charset: 0x47, language: 0x48 } as const;
export const GET_JOB_ATTRIBUTES = 0x0009;

export type IppValue = string | number | boolean;

function attribute(tag: number, name: string, value: string): Buffer {
  const n = Buffer.from(name);
  const v = Buffer.from(value);
  const out = Buffer.alloc(1 + 2 + n.length + 2 + v.length);
  out.writeUInt8(tag, 0);
  out.writeUInt16BE(n.length, 1);
  n.copy(out, 3);
  out.writeUInt16BE(v.length, 3 + n.length);
  v.copy(out, 5 + n.length);
  return out;
}

export function encodeRequest(operation: number, requestId: number, attributes: Array<[tag: number, name: string, value: string]>): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x0200, 0);
  head.writeUInt16BE(operation, 2);
  head.writeUInt32BE(requestId, 4);
  const all: Array<[number, string, string]> = [
    [TAG.charset, 'attributes-charset', 'utf-8'],
    [TAG.language, 'attributes-natural-language', 'en'],
    ...attributes,
  ];
  return Buffer.concat([head, Buffer.from([TAG.operation]), ...all.map(([t, n, v]) => attribute(t, n, v)), Buffer.from([TAG.end])]);
}

/** The status code and every attribute of a response, multi-valued ones as arrays. */
export function decodeResponse(body: Buffer): { status: number; attributes: Map<string, IppValue[]> } {
  if (body.length < 9) throw new Error('IPP response too short');
  const status = body.readUInt16BE(2);
  const attributes = new Map<string, IppValue[]>();
  let at = 8;
  let last = '';
  while (at < body.length) {
    const tag = body.readUInt8(at++);
    if (tag === TAG.end) break;
    if (tag < 0x10) continue;
    const nameLength = body.readUInt16BE(at);
    const name = body.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    const valueLength = body.readUInt16BE(at);
    const raw = body.subarray(at + 2, at + 2 + valueLength);
    at += 2 + valueLength;
    const value: IppValue = tag === TAG.integer || tag === TAG.enum ? raw.readInt32BE(0) : tag === TAG.boolean ? raw.readUInt8(0) === 1 : raw.toString('utf8');
    if (name !== '') last = name;
    attributes.set(last, [...(attributes.get(last) ?? []), value]);
  }
  return { status, attributes };
}

export function ippCall(server: string, body: Buffer, timeoutMs = 5_000): Promise<Buffer> {
  const [host, port] = server.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port ?? 631), path: '/', method: 'POST', headers: { 'Content-Type': 'application/ipp', 'Content-Length': body.length }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`IPP HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${server} in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export { TAG as IPP_TAG };
