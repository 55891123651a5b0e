import { describe, expect, it } from 'vitest';
import type { Transport } from '../../src/shared/api';
import type { Result } from '../../src/shared/result';
import { createTransport, httpTransport, isUnreachable } from '../../src/renderer/api/client';

interface Sent {
  url: string;
  method: string | undefined;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records each request and answers with the next scripted body. */
function scriptedFetch(answers: unknown[]) {
  const sent: Sent[] = [];
  const fetchFn: typeof fetch = async (url, init) => {
    sent.push({ url: String(url), method: init?.method, headers: { ...(init?.headers as Record<string, string>) }, body: JSON.parse(String(init?.body)) });
    return new Response(JSON.stringify(answers.shift()), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetchFn, sent };
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    size: () => items.size,
  };
}

const signedIn = { ok: true, value: { token: 'tok-123', operator: { id: 'op-1', name: 'admin', role: 'admin' }, expiresAt: '2024-10-15T20:00:00Z' } };

describe('HTTP transport', () => {
  it('posts the input as JSON to /api/<command>', async () => {
    const { fetchFn, sent } = scriptedFetch([{ ok: true, value: null }]);
    await httpTransport({ fetch: fetchFn, storage: memoryStorage() }).call('event:get', {});
    expect(sent).toEqual([{ url: '/api/event%3Aget', method: 'POST', headers: { 'content-type': 'application/json' }, body: {} }]);
  });

  it('keeps the token from sign-in, sends it as a bearer token, and forgets it on sign-out', async () => {
    const storage = memoryStorage();
    const { fetchFn, sent } = scriptedFetch([signedIn, { ok: true, value: {} }, { ok: true, value: null }, { ok: true, value: {} }]);
    const transport = httpTransport({ fetch: fetchFn, storage });
    await transport.call('session:signIn', { name: 'admin', pin: '2468' });
    await transport.call('event:get', {});
    await transport.call('session:signOut', {});
    await transport.call('event:get', {});
    expect(sent.map((s) => s.headers.authorization)).toEqual([undefined, 'Bearer tok-123', 'Bearer tok-123', undefined]);
    expect(storage.size()).toBe(0);
  });

  it('keeps the token of the first administrator too', async () => {
    const { fetchFn, sent } = scriptedFetch([signedIn, { ok: true, value: {} }]);
    const transport = httpTransport({ fetch: fetchFn, storage: memoryStorage() });
    await transport.call('operator:createFirstAdmin', { name: 'admin', pin: '2468' });
    await transport.call('event:get', {});
    expect(sent[1]?.headers.authorization).toBe('Bearer tok-123');
  });

  it('forgets a token the station no longer knows', async () => {
    const storage = memoryStorage();
    const { fetchFn } = scriptedFetch([signedIn, { ok: false, error: { code: 'unauthenticated', message: 'sign in first' } }]);
    const transport = httpTransport({ fetch: fetchFn, storage });
    await transport.call('session:signIn', { name: 'admin', pin: '2468' });
    await transport.call('event:get', {});
    expect(storage.size()).toBe(0);
  });

  it('turns a network failure into an error result instead of throwing', async () => {
    const transport = httpTransport({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
      storage: memoryStorage(),
    });
    const result = await transport.call('app:status', {});
    expect(result.ok).toBe(false);
    expect(!result.ok && isUnreachable(result.error)).toBe(true);
  });

  it('turns an answer that is not a Result into an error result', async () => {
    const transport = httpTransport({ fetch: async () => new Response('<html>proxy error</html>', { status: 502 }), storage: memoryStorage() });
    const result = await transport.call('app:status', {});
    expect(!result.ok && isUnreachable(result.error)).toBe(true);
  });

  it('passes error results through unchanged', async () => {
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'event:import needs the admin role', details: { needs: 'admin', has: 'desk' } } };
    const { fetchFn } = scriptedFetch([forbidden]);
    expect(await httpTransport({ fetch: fetchFn, storage: memoryStorage() }).call('event:import', { file: {} })).toEqual(forbidden);
  });
});

describe('transport choice', () => {
  it('uses the preload bridge when the station runs in Electron', async () => {
    const calls: unknown[] = [];
    const lanyard: Transport = {
      call: async (command, input) => {
        calls.push([command, input]);
        return { ok: true, value: 'via ipc' };
      },
    };
    const host = Object.assign(Object.create(window) as Window, { lanyard });
    expect(await createTransport(host).call('app:status', {})).toEqual({ ok: true, value: 'via ipc' });
    expect(calls).toEqual([['app:status', {}]]);
  });

  it('turns a failing bridge into an error result', async () => {
    const lanyard = { call: async (): Promise<Result<unknown>> => Promise.reject(new Error('ipc channel closed')) };
    const host = Object.assign(Object.create(window) as Window, { lanyard });
    const result = await createTransport(host).call('app:status', {});
    expect(!result.ok && isUnreachable(result.error)).toBe(true);
  });
});
