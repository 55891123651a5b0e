import type { Db } from '../db/sql';
import { sql } from '../db/sql';

interface KeyRow {
  id: string;
  name_zh: string | null;
  name_en: string | null;
  phone: string | null;
  document_number: string | null;
  external_id: string | null;
}

/** How a re-import finds the attendee a row is about: external id, else document number, else name + phone. */
export class AttendeeKeys {
  private readonly byExternalId = new Map<string, KeyRow>();
  private readonly byDocument = new Map<string, KeyRow>();
  private readonly byNamePhone = new Map<string, KeyRow>();

  constructor(db: Db) {
    for (const r of db.all<KeyRow>(sql`SELECT id, name_zh, name_en, phone, document_number, external_id FROM attendee`)) {
      if (r.external_id !== null) this.byExternalId.set(r.external_id, r);
      if (r.document_number !== null && !this.byDocument.has(r.document_number)) this.byDocument.set(r.document_number, r);
      const name = r.name_zh ?? r.name_en;
      if (name !== null && r.phone !== null) this.byNamePhone.set(`${name}\u0000${r.phone}`, r);
    }
  }

  get size(): number {
    return this.byExternalId.size + this.byDocument.size + this.byNamePhone.size;
  }

  find(v: { externalId?: string | null; documentNumber?: string | null; nameZh?: string | null; nameEn?: string | null; phone?: string | null }): { id: string; externalId: string | null } | null {
    const name = v.nameZh ?? v.nameEn;
    const row =
      (v.externalId ? this.byExternalId.get(v.externalId) : undefined) ??
      (v.documentNumber ? this.byDocument.get(v.documentNumber) : undefined) ??
      (name && v.phone ? this.byNamePhone.get(`${name}\u0000${v.phone}`) : undefined);
    return row ? { id: row.id, externalId: row.external_id } : null;
  }
}

/** Who holds a ticket code in any letter case: a scanner cannot tell abc from ABC, so neither may two attendees. */
export function ticketCodeOwner(db: Db, code: string): string | null {
  return db.get<{ attendee_id: string }>(sql`SELECT attendee_id FROM ticket_code WHERE upper(code) = upper(${code}) LIMIT 1`)?.attendee_id ?? null;
}
