import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/main/core/clock';
import { openDatabase } from '../../src/main/core/db/open';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { startHttpServer, type RunningServer } from '../../src/main/core/http/server';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { createServices, initEvent } from '../../src/main/core/services';
import type { ScanAnswer } from '../../src/shared/checkin';
import { testStation } from '../helpers/core';
import { attendee, signedIn } from './roster-fixtures';

/**
 * Each failure the fuzzing of the station's HTTP server found (issue #14, point 12), reproduced, with the typed
 * answer it now gets: the server must hold against a LAN.
 */

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const dir = mkdtempSync(join(tmpdir(), 'lanyard-harden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A raw request: the path as given (no URL normalising), a declared body length, and how much of it to send. */
function raw(path: string, { token, declared, send = '' }: { token?: string; declared?: number; send?: string } = {}): Promise<{ status: number; body: string; ms: number }> {
  const { port } = new URL(server!.url);
  const t = Date.now();
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: Number(port),
      method: 'POST',
      path,
      headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'content-length': String(declared ?? Buffer.byteLength(send)), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - t }));
    });
    req.on('error', reject);
    req.write(send);
    // The rest of a declared body is never sent: a server that waits for it before answering would hang here.
    if (declared === undefined) req.end();
  });
}

async function post(command: string, body: unknown, token?: string) {
  const res = await fetch(`${server!.url}/api/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('the HTTP server against hostile requests', () => {
  it('answers a malformed percent-escape in the path with a typed 400, not a 500', async () => {
    server = await startHttpServer({ services: testStation().services });
    const r = await raw('/api/app:status%');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a stranger’s body before reading it, and a signed-in caller’s body over the command’s size', async () => {
    const s = testStation();
    const admin = await s.admin();
    server = await startHttpServer({ services: s.services });
    // 60 MiB declared, none of it sent: the answer comes at once, from the headers alone.
    const stranger = await raw('/api/roster:importPreview', { declared: 60 * 1024 * 1024, send: '{"fileName":' });
    expect(stranger.status).toBe(401);
    expect(stranger.ms).toBeLessThan(2000);
    const unknown = await raw('/api/no:such', { declared: 60 * 1024 * 1024 });
    expect(unknown.status).toBe(404);
    const tooBig = await raw('/api/roster:search', { token: admin, declared: 2 * 1024 * 1024 });
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body).error.message).toMatch(/at most 1 MiB/);
    // The station still answers its own.
    expect((await post('event:get', {}, admin)).status).toBe(200);
  });

  it('echoes no megabyte back: an error about a huge key or id is a few kilobytes', async () => {
    const s = testStation();
    const admin = await s.admin();
    server = await startHttpServer({ services: s.services });
    const hugeKey = await post('roster:search', { query: 'x', ['k'.repeat(1_000_000)]: 1 }, admin);
    expect(hugeKey.text).toMatch(/invalid_input/);
    expect(hugeKey.text.length).toBeLessThan(20_000);
    const hugeId = await post('roster:get', { id: 'A'.repeat(900_000) }, admin);
    expect(hugeId.text.length).toBeLessThan(20_000);
  });

  it('locks a name after five wrong PINs only where they were typed: the station’s own screen can still sign in', async () => {
    const s = testStation();
    await s.admin('246810');
    server = await startHttpServer({ services: s.services });
    for (let i = 0; i < 5; i++) expect(JSON.parse((await post('session:signIn', { name: 'admin', pin: '000000' })).text).error.code).toBe('bad_credentials');
    expect(JSON.parse((await post('session:signIn', { name: 'admin', pin: '246810' })).text).error.code).toBe('locked_out');
    const onScreen = await s.services.call('session:signIn', { name: 'admin', pin: '246810' }, { transport: 'ipc' });
    expect(onScreen.ok).toBe(true);
  });

  it('answers a second override or undo of one scan with conflict, and an id that belongs to another scan with conflict, undoing nothing', async () => {
    const s = testStation('2024-10-15T06:00:00Z');
    s.db.tx(() => insertAttendees(s.db, [attendee({ id: '0ZHANGSAN0', registrations: ['forum-2'] })], s.clock.now()));
    const door = signedIn(s, 'door');
    const supervisor = signedIn(s, 'supervisor');
    const desk = signedIn(s, 'desk');
    const payload = (await s.must('credential:issue', { attendeeId: '0ZHANGSAN0' }, desk)).payload;
    const refused = (await s.must('scan:record', { scanId: 'scan-refused', activityId: 'forum-5', code: payload, direction: 'in', station: 'd' }, door)) as ScanAnswer;
    expect(refused.outcome).toBe('refused');
    await s.must('scan:override', { scanId: 'scan-refused', overrideId: 'override-0001', reason: 'chair' }, supervisor);
    const second = await s.call('scan:override', { scanId: 'scan-refused', overrideId: 'override-0002', reason: 'again' }, supervisor);
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const admitted = (await s.must('scan:record', { scanId: 'scan-okay', activityId: 'forum-2', code: payload, direction: 'in', station: 'd' }, door)) as ScanAnswer;
    expect(admitted.outcome).toBe('admitted');
    // An undo whose id is another scan's: refused, and the scan is not undone.
    const collision = await s.call('scan:undo', { scanId: 'scan-okay', undoId: 'scan-refused', reason: 'wrong badge' }, supervisor);
    expect(collision).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(s.db.all(sqlReversals)).toEqual([]);
    await s.must('scan:undo', { scanId: 'scan-okay', undoId: 'undo-0001', reason: 'wrong badge' }, supervisor);
    expect(await s.call('scan:undo', { scanId: 'scan-okay', undoId: 'undo-0002', reason: 'twice' }, supervisor)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // The same undo sent again is a retry, answered as before.
    expect(await s.must('scan:undo', { scanId: 'scan-okay', undoId: 'undo-0001', reason: 'wrong badge' }, supervisor)).toEqual({ undone: 'scan-okay' });
    // A scan id that names an undo is not a scan to answer from the log.
    expect(await s.call('scan:record', { scanId: 'undo-0001', activityId: 'forum-2', code: payload, direction: 'in', station: 'd' }, door)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(s.errors).toEqual([]);
  });

  it('runs at most two imports at once: a third start is refused, typed, and the first two finish', async () => {
    const file = join(dir, 'jobs.db');
    const db = openDatabase(file);
    initEvent(db, cnmc2024(), new Date('2024-10-01T00:00:00Z'));
    const services = createServices({ db, clock: fixedClock('2024-10-15T01:30:00Z'), logger: { error: () => {} } });
    const csv = `姓名,手机号码,参会类别\n${Array.from({ length: 3000 }, (_, i) => `测试${i},138${String(i).padStart(8, '0')},代表`).join('\n')}\n`;
    const input = { fileName: 'r.csv', contentBase64: Buffer.from(csv).toString('base64') };
    const starts = await Promise.all([1, 2, 3].map(() => services.call('roster:importStart', input, { transport: 'cli' })));
    expect(starts.filter((r) => r.ok)).toHaveLength(2);
    expect(starts.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    for (const r of starts.filter((x) => x.ok)) {
      const { jobId } = (r as { value: { jobId: string } }).value;
      for (let i = 0; i < 200; i++) {
        const st = (await services.call('roster:importStatus', { jobId }, { transport: 'cli' })) as { ok: true; value: { state: string } };
        if (st.value.state !== 'running') break;
        await new Promise((res) => setTimeout(res, 50));
      }
    }
    await services.close();
    db.close();
  });
});

const sqlReversals = { text: "SELECT id FROM scan WHERE kind = 'reversal'", values: [] };
