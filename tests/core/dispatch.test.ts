import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/shared/commands';
import { contract } from '../../src/shared/contract';
import { roleAllows } from '../../src/shared/roles';
import type { Role } from '../../src/shared/roles';
import { testStation } from '../helpers/core';

describe('the command contract', () => {
  it('names the same commands as the list the preload exposes', () => {
    expect(Object.keys(contract).sort()).toEqual([...COMMANDS].sort());
  });

  it('answers an unknown command with a typed error', async () => {
    const s = testStation();
    const r = await s.call('roster:dropAll' as never, {});
    expect(r.ok ? 'ok' : r.error.code).toBe('unknown_command');
  });

  it('asks for sign-in before any non-public command', async () => {
    const s = testStation();
    for (const command of COMMANDS.filter((c) => contract[c].role !== 'public')) {
      const r = await s.call(command, {});
      expect(r.ok ? 'ok' : r.error.code, command).toBe('unauthenticated');
    }
  });

  it('refuses every command above the caller role with forbidden, and changes nothing', async () => {
    const s = testStation();
    const admin = await s.admin();
    const tokens: Record<Exclude<Role, 'admin' | 'kiosk'>, string> = {
      door: await s.operator(admin, 'door'),
      desk: await s.operator(admin, 'desk'),
      supervisor: await s.operator(admin, 'supervisor'),
    };
    const exportBefore = await s.must('event:export', {}, admin);
    const auditBefore = s.services.auditCount();
    let refusals = 0;
    for (const [role, token] of Object.entries(tokens) as Array<[Role, string]>) {
      for (const command of COMMANDS) {
        const needs = contract[command].role;
        if (roleAllows(role, needs)) continue;
        const r = await s.call(command, {}, token);
        expect(r.ok ? 'ok' : r.error, `${role} → ${command}`).toMatchObject({ code: 'forbidden', details: { needs, has: role } });
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThan(20);
    expect(s.services.auditCount()).toBe(auditBefore);
    expect(await s.must('event:export', {}, admin)).toEqual(exportBefore);
  });

  it('gives a desk operator a typed forbidden error for an admin command and records nothing', async () => {
    const s = testStation();
    const admin = await s.admin();
    const desk = await s.operator(admin, 'desk');
    const file = await s.must('event:export', {}, admin);
    file.activities[0]!.room = 'hijacked';
    const auditBefore = s.services.auditCount();
    const r = await s.call('event:import', { file }, desk);
    expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: 'event:import needs the admin role; desk-1 is desk', details: { needs: 'admin', has: 'desk' } } });
    expect(s.services.auditCount()).toBe(auditBefore);
    expect((await s.must('event:get', {}, admin)).activities[0]!.room).toBeNull();
  });

  it('rejects input that does not fit the schema, naming the field', async () => {
    const s = testStation();
    const admin = await s.admin();
    const r = await s.call('operator:create', { name: 'x', role: 'king', pin: '12' }, admin);
    expect(r.ok ? 'ok' : r.error.code).toBe('invalid_input');
    const paths = r.ok ? [] : (r.error.details as Array<{ path: string }>).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['role', 'pin']));
  });

  it('turns an unexpected failure into an internal error and logs it', async () => {
    const s = testStation();
    const admin = await s.admin();
    s.db.raw.exec('DROP TABLE station_setting');
    const r = await s.call('station:configure', { mode: 'desk' }, admin);
    expect(r.ok ? 'ok' : r.error.code).toBe('internal');
    expect(s.errors).toHaveLength(1);
  });

  it('binds a door station to one activity and refuses one without it', async () => {
    const s = testStation();
    const admin = await s.admin();
    const bad = await s.call('station:configure', { mode: 'door' }, admin);
    expect(bad.ok ? 'ok' : bad.error.code).toBe('invalid_input');
    const unknown = await s.call('station:configure', { mode: 'door', activityId: 'nowhere' }, admin);
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('not_found');
    expect(await s.must('station:configure', { mode: 'door', activityId: 'main-forum', name: '主会场 A门' }, admin)).toEqual({
      name: '主会场 A门',
      mode: 'door',
      activityId: 'main-forum',
      language: 'zh',
    });
  });
});
