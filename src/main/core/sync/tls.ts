import { X509Certificate } from 'node:crypto';
import { Agent } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { connect } from 'node:tls';

/** The hub's TLS identity: a self-signed certificate, pinned by stations through its SHA-256 fingerprint. */
export interface HubIdentity {
  cert: string;
  key: string;
  fingerprint: string;
}

const CERT_YEARS = 3;

/** A new self-signed P-256 certificate: no CA, no internet; stations trust exactly this one by its fingerprint. */
export async function makeHubIdentity(name: string): Promise<HubIdentity> {
  const { generate } = await import('selfsigned');
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 24 * 3600 * 1000),
    notAfterDate: new Date(now.getTime() + CERT_YEARS * 365 * 24 * 3600 * 1000),
  });
  return { cert: pems.cert, key: pems.private, fingerprint: fingerprintOf(pems.cert) };
}

/** The SHA-256 fingerprint as lower-case hex without separators (what a pairing code carries). */
export const fingerprintOf = (certPem: string): string => new X509Certificate(certPem).fingerprint256.replace(/:/g, '').toLowerCase();

export class PinMismatch extends Error {
  constructor(expected: string, found: string) {
    super(`the hub's certificate is not the one paired with (expected ${expected.slice(0, 16)}…, found ${found.slice(0, 16)}…): refusing to talk to it`);
    this.name = 'PinMismatch';
  }
}

/**
 * The hub's certificate as it presents it, checked against the pinned fingerprint before anything is sent: what a
 * joining station does once, to learn the PEM it then trusts as its only CA.
 */
export function fetchPinnedCert(url: string, fingerprint: string, timeoutMs = 5000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({ host: hostname, port: Number(port), rejectUnauthorized: false, timeout: timeoutMs }, () => {
      const peer = socket.getPeerX509Certificate();
      socket.end();
      if (!peer) return reject(new Error('the hub presented no certificate'));
      const found = peer.fingerprint256.replace(/:/g, '').toLowerCase();
      if (found !== fingerprint.toLowerCase()) return reject(new PinMismatch(fingerprint, found));
      resolve(peer.toString());
    });
    socket.once('timeout', () => socket.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    socket.once('error', reject);
  });
}

/**
 * An HTTPS agent that trusts the pinned certificate alone and checks its fingerprint on every connection (the
 * hub's address is not in the certificate: it may change with the venue's DHCP, the key does not).
 */
export function pinnedAgent(certPem: string, fingerprint: string): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: 4,
    ca: [certPem],
    checkServerIdentity: (_host, cert) => {
      const found = cert.fingerprint256.replace(/:/g, '').toLowerCase();
      return found === fingerprint.toLowerCase() ? undefined : new PinMismatch(fingerprint, found);
    },
  });
}
