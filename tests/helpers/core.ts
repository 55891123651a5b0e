import { fixedClock } from '../../src/main/core/clock';
import { openDatabase } from '../../src/main/core/db/open';
import type { Db } from '../../src/main/core/db/sql';
import type { CallContext } from '../../src/main/core/dispatch';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { writeEventFile } from '../../src/main/core/event/repo';
import { createServices, initEvent } from '../../src/main/core/services';
import type { Command } from '../../src/shared/commands';
import type { Output } from '../../src/shared/contract';
import type { Role } from '../../src/shared/roles';

/** During the conference, morning of day one in Changsha. */
export const CONFERENCE_MORNING = '2024-10-15T01:30:00Z';

/**
 * The CNMC 2024 event written into a database held at an older schema (a migration's test) as a station of that
 * version wrote it: the event's tables only (initEvent's signing key needs migration 007, badge layouts 008, kiosk rules 021).
 */
export function writeEventAtOldSchema(db: Db, at = new Date('2024-10-01T00:00:00Z')): void {
  const { badgeLayouts: _layouts, kiosk: _kiosk, ...file } = cnmc2024();
  db.tx(() => writeEventFile(db, file, at));
}

/** A fresh in-memory event database with every migration, the CNMC 2024 event and a fixed clock. */
export function testStation(at = CONFERENCE_MORNING) {
  const db = openDatabase(':memory:');
  const clock = fixedClock(at);
  initEvent(db, cnmc2024(), clock.now());
  const errors: unknown[] = [];
  const services = createServices({ db, clock, logger: { error: (_m, e) => errors.push(e) } });

  async function call<C extends Command>(command: C, input: unknown, token: string | null = null, transport: CallContext['transport'] = 'http') {
    return services.call(command, input, { transport, token }) as Promise<
      { ok: true; value: Output<C> } | { ok: false; error: { code: string; message: string; details?: unknown } }
    >;
  }

  async function must<C extends Command>(command: C, input: unknown, token: string | null = null): Promise<Output<C>> {
    const r = await call(command, input, token);
    if (!r.ok) throw new Error(`${command} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  }

  /** Creates the first admin and returns its token. */
  async function admin(pin = '246810'): Promise<string> {
    return (await must('operator:createFirstAdmin', { name: 'admin', pin })).token;
  }

  /** An operator of the given role, signed in; returns its token. */
  async function operator(adminToken: string, role: Role, name = `${role}-1`, pin = '1357'): Promise<string> {
    await must('operator:create', { name, role, pin }, adminToken);
    return (await must('session:signIn', { name, pin })).token;
  }

  return { db, clock, services, call, must, admin, operator, errors };
}
