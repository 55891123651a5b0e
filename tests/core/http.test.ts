import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/main/core/http/server';
import { testStation } from '../helpers/core';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(command: string, body: unknown, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server!.url}/api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string } } };
}

describe('the contract over HTTP', () => {
  it('listens on loopback only', async () => {
    const s = testStation();
    server = await startHttpServer({ services: s.services });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('signs in and answers with the same Result as IPC', async () => {
    const s = testStation();
    server = await startHttpServer({ services: s.services });
    const created = await post('operator:createFirstAdmin', { name: 'admin', pin: '2468' });
    expect(created.body.ok).toBe(true);
    const token = (created.body.value as { token: string }).token;
    const view = await post('event:get', {}, token);
    expect((view.body.value as { activities: unknown[] }).activities).toHaveLength(11);
  });

  it('gives a desk operator a typed forbidden error for an admin command and records nothing', async () => {
    const s = testStation();
    const admin = await s.admin();
    const desk = await s.operator(admin, 'desk');
    server = await startHttpServer({ services: s.services });
    const before = s.services.auditCount();
    const r = await post('demo:remove', {}, desk);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'forbidden', details: { needs: 'admin', has: 'desk' } } });
    expect(s.services.auditCount()).toBe(before);
  });

  it('refuses calls from another origin', async () => {
    const s = testStation();
    server = await startHttpServer({ services: s.services });
    const r = await post('operator:createFirstAdmin', { name: 'evil', pin: '0000' }, undefined, { origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect((await s.must('app:status', {})).needsAdmin).toBe(true);
  });

  it('refuses a request whose Host is not the loopback address (DNS rebinding)', async () => {
    const s = testStation();
    server = await startHttpServer({ services: s.services });
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server!.port, path: '/api/app:status', method: 'POST', headers: { host: `rebind.example:${server!.port}`, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('answers a body that is not JSON with invalid_input', async () => {
    const s = testStation();
    server = await startHttpServer({ services: s.services });
    const res = await fetch(`${server.url}/api/app:status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
  });
});
