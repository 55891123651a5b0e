import { describe, expect, it } from 'vitest';
import { sql } from '../../src/main/core/db/sql';
import { testStation } from '../helpers/core';

describe('operators and sign-in', () => {
  it('asks for an admin on first start and creates it with a hashed PIN', async () => {
    const s = testStation();
    expect((await s.must('app:status', {})).needsAdmin).toBe(true);
    const session = await s.must('operator:createFirstAdmin', { name: 'admin', pin: '834126' });
    expect(session.operator.role).toBe('admin');
    expect((await s.must('app:status', {}, session.token)).needsAdmin).toBe(false);
    const row = s.db.get<{ pin_hash: string }>(sql`SELECT pin_hash FROM operator`);
    expect(row?.pin_hash).toMatch(/^scrypt\$/);
    expect(row?.pin_hash).not.toContain('834126');
    const dump = (s.db.raw.prepare('SELECT * FROM audit_log').all() as unknown[]).map((r) => JSON.stringify(r)).join('\n');
    expect(dump).not.toContain('834126');
  });

  it('refuses a second first-start admin', async () => {
    const s = testStation();
    await s.admin();
    const r = await s.call('operator:createFirstAdmin', { name: 'intruder', pin: '0000' });
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
  });

  it('signs in with the right PIN and refuses a wrong one without saying which was wrong', async () => {
    const s = testStation();
    const admin = await s.admin();
    await s.must('operator:create', { name: '李娜', role: 'desk', pin: '5521' }, admin);
    expect((await s.must('session:signIn', { name: '李娜', pin: '5521' })).operator.role).toBe('desk');
    const wrongPin = await s.call('session:signIn', { name: '李娜', pin: '5520' });
    const unknown = await s.call('session:signIn', { name: 'nobody', pin: '5521' });
    expect(wrongPin.ok ? null : wrongPin.error).toEqual({ code: 'bad_credentials', message: 'wrong name or PIN' });
    expect(unknown.ok ? null : unknown.error).toEqual({ code: 'bad_credentials', message: 'wrong name or PIN' });
  });

  it('keeps a door station at its door: the door operator cannot sign out, a supervisor takes over and may leave', async () => {
    const s = testStation();
    const admin = await s.admin();
    await s.must('station:configure', { name: '主论坛 A 门', mode: 'door', activityId: 'main-forum' }, admin);
    await s.must('operator:create', { name: 'door-1', role: 'door', pin: '1111' }, admin);
    await s.must('operator:create', { name: 'door-2', role: 'door', pin: '2222' }, admin);
    await s.must('operator:create', { name: '王主管', role: 'supervisor', pin: '9999' }, admin);
    const door = (await s.must('session:signIn', { name: 'door-1', pin: '1111' })).token;

    const leave = await s.call('session:signOut', {}, door);
    expect(leave.ok ? 'ok' : leave.error.code).toBe('forbidden');
    // Another door operator is no supervisor: refused, and the door stays signed in as it was.
    const notSupervisor = await s.call('session:signIn', { name: 'door-2', pin: '2222', atLeast: 'supervisor' }, door);
    expect(notSupervisor.ok ? 'ok' : notSupervisor.error.code).toBe('forbidden');
    expect((await s.call('scan:counts', { activityId: 'main-forum' }, door)).ok).toBe(true);

    const supervisor = await s.must('session:signIn', { name: '王主管', pin: '9999', atLeast: 'supervisor' }, door);
    expect(supervisor.operator.role).toBe('supervisor');
    const stale = await s.call('scan:counts', { activityId: 'main-forum' }, door);
    expect(stale.ok ? 'ok' : stale.error.code).toBe('unauthenticated');
    expect(s.db.get(sql`SELECT action, before, after FROM audit_log WHERE action = 'session.takeOver'`)).toEqual({
      action: 'session.takeOver',
      before: JSON.stringify({ operator: 'door-1', role: 'door' }),
      after: JSON.stringify({ operator: '王主管', role: 'supervisor' }),
    });
    expect((await s.call('session:signOut', {}, supervisor.token)).ok).toBe(true);
  });

  it('locks a name out for a minute after five wrong PINs', async () => {
    const s = testStation();
    const admin = await s.admin();
    await s.must('operator:create', { name: 'door-7', role: 'door', pin: '7777' }, admin);
    for (let i = 0; i < 5; i++) await s.call('session:signIn', { name: 'door-7', pin: '0000' });
    const locked = await s.call('session:signIn', { name: 'door-7', pin: '7777' });
    expect(locked.ok ? 'ok' : locked.error.code).toBe('locked_out');
    s.clock.advance(61_000);
    expect((await s.call('session:signIn', { name: 'door-7', pin: '7777' })).ok).toBe(true);
  });

  it('ends the sessions of a deactivated operator and refuses their sign-in', async () => {
    const s = testStation();
    const admin = await s.admin();
    const op = await s.must('operator:create', { name: 'desk-2', role: 'desk', pin: '2222' }, admin);
    const token = (await s.must('session:signIn', { name: 'desk-2', pin: '2222' })).token;
    await s.must('operator:setActive', { id: op.id, active: false }, admin);
    expect((await s.call('event:get', {}, token)).ok).toBe(false);
    expect((await s.call('session:signIn', { name: 'desk-2', pin: '2222' })).ok).toBe(false);
  });

  it('will not deactivate the last admin', async () => {
    const s = testStation();
    const admin = await s.admin();
    const [me] = await s.must('operator:list', {}, admin);
    const r = await s.call('operator:setActive', { id: me!.id, active: false }, admin);
    expect(r.ok ? 'ok' : r.error.code).toBe('conflict');
  });

  it('expires a session after twelve idle hours', async () => {
    const s = testStation();
    const admin = await s.admin();
    s.clock.advance(11 * 3600_000);
    expect((await s.call('event:get', {}, admin)).ok).toBe(true);
    s.clock.advance(12 * 3600_000 + 1000);
    const r = await s.call('event:get', {}, admin);
    expect(r.ok ? 'ok' : r.error.code).toBe('unauthenticated');
  });

  it('never hands out the PIN hash', async () => {
    const s = testStation();
    const admin = await s.admin();
    const list = await s.must('operator:list', {}, admin);
    expect(JSON.stringify(list)).not.toMatch(/scrypt|pin/i);
  });
});
