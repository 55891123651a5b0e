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

/**
 * How a re-import finds the attendee a row is about: external id, else document number, else name + phone, else, for
 * a row without a registration id, a ticket code in any letter case (pretix's check-in list has no attendee id, and a
 * phone is often not asked; the ticket is the person, whose name may have been corrected since).
 */
export class AttendeeKeys {
  private readonly byExternalId = new Map<string, KeyRow>();
  private readonly byDocument = new Map<string, KeyRow>();
  private readonly byNamePhone = new Map<string, KeyRow>();
  private readonly byTicketCode = new Map<string, KeyRow>();

  constructor(db: Db) {
    const byId = new Map<string, KeyRow>();
    for (const r of db.all<KeyRow>(sql`SELECT id, name_zh, name_en, phone, document_number, external_id FROM attendee`)) {
      byId.set(r.id, r);
      if (r.external_id !== null) this.byExternalId.set(r.external_id, r);
      if (r.document_number !== null && !this.byDocument.has(r.document_number)) this.byDocument.set(r.document_number, r);
      const name = r.name_zh ?? r.name_en;
      if (name !== null && r.phone !== null) this.byNamePhone.set(`${name}\u0000${r.phone}`, r);
    }
    for (const t of db.all<{ code: string; attendee_id: string }>(sql`SELECT code, attendee_id FROM ticket_code`)) {
      const owner = byId.get(t.attendee_id);
      if (owner) this.byTicketCode.set(t.code.toUpperCase(), owner);
    }
  }

  get size(): number {
    return this.byExternalId.size + this.byDocument.size + this.byNamePhone.size + this.byTicketCode.size;
  }

  find(v: {
    externalId?: string | null;
    documentNumber?: string | null;
    nameZh?: string | null;
    nameEn?: string | null;
    phone?: string | null;
    ticketCodes?: readonly string[];
  }): { id: string; externalId: string | null } | null {
    const name = v.nameZh ?? v.nameEn;
    const row =
      (v.externalId ? this.byExternalId.get(v.externalId) : undefined) ??
      (v.documentNumber ? this.byDocument.get(v.documentNumber) : undefined) ??
      (name && v.phone ? this.byNamePhone.get(`${name}\u0000${v.phone}`) : undefined) ??
      // A row with a registration id of its own is that id's person; its code, if held, is someone else's.
      (v.externalId ? undefined : v.ticketCodes?.map((code) => this.byTicketCode.get(code.toUpperCase())).find((r) => r !== undefined));
    return row ? { id: row.id, externalId: row.external_id } : null;
  }
}

/** Who holds a ticket code in any letter case: a scanner cannot tell abc from ABC, so neither may two attendees. */
export function ticketCodeOwner(db: Db, code: string): string | null {
  return db.get<{ attendee_id: string }>(sql`SELECT attendee_id FROM ticket_code WHERE upper(code) = upper(${code}) LIMIT 1`)?.attendee_id ?? null;
}
