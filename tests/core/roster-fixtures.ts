import type { AttendeeRecord } from '../../src/shared/attendee';
import { gb11643CheckDigit } from '../../src/shared/identity';
import type { Role } from '../../src/shared/roles';
import { sql } from '../../src/main/core/db/sql';
import type { testStation } from '../helpers/core';

/** A valid mainland resident ID from its first 17 digits. */
export const residentId = (first17: string) => `${first17}${gb11643CheckDigit(first17)}`;

export const ZHANG_ID = residentId('43010219900307123');
export const ZHANG_PHONE = '13812345678';

export function attendee(overrides: Partial<AttendeeRecord> & Pick<AttendeeRecord, 'id'>): AttendeeRecord {
  return {
    nameZh: '张三',
    nameEn: 'Zhang San',
    orgZh: '湖南日报社',
    orgEn: 'Hunan Daily',
    title: '记者',
    categoryId: 'delegate',
    region: 'mainland',
    phone: ZHANG_PHONE,
    email: 'zhangsan@example.cn',
    documentType: 'cn_id',
    documentNumber: ZHANG_ID,
    externalId: null,
    attention: null,
    status: 'active',
    source: 'import',
    isDemo: false,
    registrations: ['main-forum'],
    ticketCodes: [],
    ...overrides,
  };
}

/** An operator of `role`, signed in without the slow PIN hash (sign-in itself is tested in operators.test.ts); returns its token. */
export function signedIn(s: ReturnType<typeof testStation>, role: Role): string {
  const id = `OP-${role}`;
  s.db.run(sql`INSERT INTO operator (id, name, role, pin_hash, created_at) VALUES (${id}, ${`${role}-1`}, ${role}, 'unused', ${s.clock.now().toISOString()})`);
  return s.services.sessions.open({ operatorId: id, name: `${role}-1`, role }).token;
}
