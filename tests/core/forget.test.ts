import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/main/core/clock';
import { openDatabase } from '../../src/main/core/db/open';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { createServices, initEvent } from '../../src/main/core/services';
import { becomeHub } from '../../src/main/core/sync/hub';
import { backupInto } from '../../src/main/core/sync/backup';
import { writeSetting } from '../../src/main/core/station/repo';
import type { AttendanceReport } from '../../src/shared/report';
import { lanyard } from '../helpers/cli';
import { attendee, residentId } from './roster-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-forget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Ten people with numbers the test knows, each a distinct string to look for in the file's bytes. */
const PEOPLE = Array.from({ length: 10 }, (_, i) => ({
  id: `0FRGT${String(i).padStart(5, '0')}`,
  phone: `1391234${String(5000 + i)}`,
  email: `person${i}.forget@example.cn`,
  document: residentId(`4301021990030${String(7000 + i)}`),
}));
const EDITED_EMAIL = 'changed.address@example.cn';

/** Every file of this database (the file itself, its WAL and shared memory) searched for each known value. */
function leftIn(file: string, values: string[]): string[] {
  const found: string[] = [];
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(f)) continue;
    const bytes = readFileSync(f);
    for (const v of values) if (bytes.includes(Buffer.from(v, 'utf8'))) found.push(`${v} in ${f.slice(dir.length + 1)}`);
  }
  return found;
}

const known = () => [...PEOPLE.flatMap((p) => [p.phone, p.email, p.document, p.phone.slice(3)]), EDITED_EMAIL];

describe('forgetting the personal data after the event', () => {
  it('leaves no phone, e-mail or document number in the hub\'s file, its WAL, its log or its audit; every count the same; the hub\'s backups gone; cannot run without --confirm', async () => {
    const file = join(dir, 'hub.db');
    const clock = fixedClock('2024-10-15T02:00:00Z');
    const db = openDatabase(file);
    initEvent(db, cnmc2024(), clock.now());
    // A hub: its log carries every roster change (row entries) with the values set.
    await becomeHub(db, file, 'office');
    db.tx(() => insertAttendees(db, PEOPLE.map((p, i) => attendee({ id: p.id, phone: p.phone, email: p.email, documentNumber: p.document, registrations: i % 2 === 0 ? ['main-forum'] : ['main-forum', 'forum-2'] })), clock.now()));
    const services = createServices({ db, clock });
    const cli = { transport: 'cli' as const };
    const call = async (command: string, input: unknown) => {
      const r = await services.call(command, input, cli);
      if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
      return r.value;
    };
    // An edit (audited, and a row entry in the log), then scans at two activities.
    await call('roster:update', { id: PEOPLE[0]!.id, patch: { email: EDITED_EMAIL } });
    for (const [i, p] of PEOPLE.entries()) {
      const { payload } = (await call('credential:issue', { attendeeId: p.id })) as { payload: string };
      await call('scan:record', { scanId: `scan-forget-${i}-a`, activityId: 'main-forum', code: payload, direction: 'in', station: 'door-1' });
      if (i % 3 === 0) await call('scan:record', { scanId: `scan-forget-${i}-b`, activityId: 'tech-expo', code: payload, direction: 'in', station: 'door-2' });
    }
    const backups = join(dir, 'usb');
    mkdirSync(backups);
    writeSetting(db, 'sync.backupDir', backups);
    await backupInto(db, file, backups, 12);
    expect(readdirSync(backups).some((f) => f.endsWith('.db'))).toBe(true);
    const before = (await call('report:attendance', {})) as AttendanceReport;
    // The values are really there to begin with: in the roster, the log's row entries, the audit entry of the edit.
    expect(leftIn(file, known()).length).toBeGreaterThan(0);
    expect(db.raw.prepare("SELECT count(*) AS n FROM sync_log WHERE kind = 'row' AND body LIKE '%forget@example.cn%'").get()).toEqual({ n: 10 });
    expect(db.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE after LIKE ?").get(`%${EDITED_EMAIL}%`)).toEqual({ n: 1 });
    await services.close();
    db.close();

    expect(lanyard('forget', '--db', file).stderr).toMatch(/add --confirm/);
    const r = lanyard('forget', '--db', file, '--confirm');
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { attendees: number; phones: number; emails: number; documents: number; auditEntries: number; logEntries: number; backupsRemoved: string[] };
    expect(result).toMatchObject({ attendees: 10, phones: 10, emails: 10, documents: 10, auditEntries: 1 });
    expect(result.logEntries).toBeGreaterThanOrEqual(11);
    expect(result.backupsRemoved).toHaveLength(1);
    expect(readdirSync(backups)).toEqual([]);

    expect(leftIn(file, known())).toEqual([]);
    const after = openDatabase(file);
    try {
      const again = createServices({ db: after, clock });
      const report = await again.call('report:attendance', {}, cli);
      expect(report.ok && report.value).toEqual(before);
      // Said and audited; the audit entry itself names no value.
      expect(after.raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'roster.forget'").get()).toEqual({ n: 1 });
      // The append-only rule of the audit log is back.
      expect(() => after.raw.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/append-only/);
      await again.close();
    } finally {
      after.close();
    }
  });

  it('forgets names too when asked (--names): each becomes the attendee\'s id, no old name left in the file or findable by search', async () => {
    const file = join(dir, 'names.db');
    const clock = fixedClock('2024-10-15T02:00:00Z');
    const db = openDatabase(file);
    initEvent(db, cnmc2024(), clock.now());
    const named = [
      { id: '0NAME00001', nameZh: '欧阳遗忘', nameEn: 'Ouyang Yiwang' },
      { id: '0NAME00002', nameZh: '司马忘记', nameEn: 'Sima Wangji' },
    ];
    db.tx(() => insertAttendees(db, named.map((p) => attendee({ ...p, phone: null, email: null, documentNumber: null, documentType: null, registrations: ['main-forum'] })), clock.now()));
    db.close();
    const search = (q: string) => JSON.parse(lanyard('search', q, '--db', file).stdout) as Array<{ id: string }>;
    expect(search('欧阳遗忘').map((h) => h.id)).toEqual([named[0]!.id]);
    const r = lanyard('forget', '--db', file, '--confirm', '--names');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ names: true });
    expect(leftIn(file, named.flatMap((p) => [p.nameZh, p.nameEn]))).toEqual([]);
    expect(search('欧阳遗忘')).toEqual([]);
    expect(search('ouyang')).toEqual([]);
    const after = openDatabase(file);
    try {
      expect(after.raw.prepare('SELECT id, name_zh AS nameZh, name_en AS nameEn FROM attendee ORDER BY id').all()).toEqual(named.map((p) => ({ id: p.id, nameZh: null, nameEn: p.id })));
      // Still found by its id: the desk can look someone up by badge number after the event.
      expect(search(named[1]!.id).map((h) => h.id)).toEqual([named[1]!.id]);
    } finally {
      after.close();
    }
  });
});
