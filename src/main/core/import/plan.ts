import { randomBytes } from 'node:crypto';
import type { AttendeeRecord } from '../../../shared/attendee';
import type { ImportIssue, ImportMapping, ImportReport } from '../../../shared/import';
import { insertAudit } from '../audit/repo';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';
import type { Transport } from '../dispatch';
import { readEventFile } from '../event/repo';
import { idFrom } from '../ids';
import { getAttendee, insertAttendees } from '../roster/repo';
import { AttendeeKeys, ticketCodeOwner } from './existing';
import type { ParsedImport } from './parse';
import { parseImport } from './parse';
import type { ImportCandidate, ImportedValues } from './rows';
import { makeIssue } from './rows';
import { updateImportedAttendee } from './write';

/** What committing a parsed file would do to the database as it is now. */
export interface Resolution {
  creates: AttendeeRecord[];
  updates: Array<{ before: AttendeeRecord; after: AttendeeRecord }>;
  unchanged: number;
  skipped: number;
  issues: ImportIssue[];
}

const VALUE_KEYS = [
  'nameZh',
  'nameEn',
  'orgZh',
  'orgEn',
  'title',
  'categoryId',
  'region',
  'phone',
  'email',
  'documentType',
  'documentNumber',
  'externalId',
  'attention',
  'registrations',
  'ticketCodes',
] as const satisfies ReadonlyArray<keyof ImportedValues>;

/** Random bytes drawn in blocks: one system call per block, not per attendee, for files of 100k rows. */
function pooledRandom(): () => number {
  let pool = randomBytes(0);
  let at = 0;
  return () => {
    if (at >= pool.length) {
      pool = randomBytes(8192);
      at = 0;
    }
    return pool[at++]! / 256;
  };
}

function newRecord(c: ImportCandidate, random: () => number): AttendeeRecord {
  const v = c.values;
  return {
    id: idFrom(random),
    nameZh: v.nameZh ?? null,
    nameEn: v.nameEn ?? null,
    orgZh: v.orgZh ?? null,
    orgEn: v.orgEn ?? null,
    title: v.title ?? null,
    categoryId: v.categoryId ?? c.defaults.categoryId,
    region: v.region ?? c.defaults.region,
    phone: v.phone ?? null,
    email: v.email ?? null,
    documentType: v.documentType ?? null,
    documentNumber: v.documentNumber ?? null,
    externalId: v.externalId ?? null,
    attention: v.attention ?? null,
    status: 'active',
    source: 'import',
    isDemo: false,
    registrations: v.registrations ?? [],
    ticketCodes: v.ticketCodes ?? [],
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** The stored record with the row's mapped fields written over it; unmapped fields keep their values. */
function merged(before: AttendeeRecord, v: Partial<ImportedValues>): { after: AttendeeRecord; changed: boolean } {
  const after: AttendeeRecord = { ...before };
  let changed = false;
  for (const key of VALUE_KEYS) {
    const value = v[key];
    if (value === undefined) continue;
    const differs = Array.isArray(value) ? !sameList(value, before[key] as string[]) : value !== before[key];
    if (differs) {
      (after as unknown as Record<string, unknown>)[key] = value;
      changed = true;
    }
  }
  return { after, changed };
}

/** Matches every candidate against the database: created, updated, unchanged, or skipped for a conflict. */
export function resolveImport(db: Db, parsed: ParsedImport): Resolution {
  const keys = new AttendeeKeys(db);
  const empty = keys.size === 0 && ticketCodeOwnerless(db);
  const out: Resolution = { creates: [], updates: [], unchanged: 0, skipped: parsed.skipped, issues: [] };
  const claimed = new Map<string, number>();
  const random = pooledRandom();
  for (const c of parsed.candidates) {
    const match = empty ? null : keys.find(c.values);
    const conflict = match === null ? null : conflictOf(c, match, claimed);
    const takenCode = empty ? undefined : (c.values.ticketCodes ?? []).find((code) => ![null, match?.id].includes(ticketCodeOwner(db, code)));
    if (conflict !== null || takenCode !== undefined) {
      out.issues.push(conflict ?? makeIssue(c.line, 'ticketCodes', 'ticket_code_taken', 'error', takenCode));
      out.skipped++;
      continue;
    }
    if (match === null) {
      out.creates.push(newRecord(c, random));
      continue;
    }
    claimed.set(match.id, c.line);
    const before = storedRecord(db, match.id);
    const { after, changed } = merged(before, c.values);
    if (changed) out.updates.push({ before, after });
    else out.unchanged++;
  }
  return out;
}

function storedRecord(db: Db, id: string): AttendeeRecord {
  const stored = getAttendee(db, id);
  if (!stored) throw new Error(`attendee ${id} vanished while the import was matched`);
  const { badge: _badge, createdAt: _createdAt, updatedAt: _updatedAt, ...record } = stored;
  return record;
}

const ticketCodeOwnerless = (db: Db) => db.get(sql`SELECT 1 AS x FROM ticket_code LIMIT 1`) === undefined;

function conflictOf(c: ImportCandidate, match: { id: string; externalId: string | null }, claimed: ReadonlyMap<string, number>): ImportIssue | null {
  const earlier = claimed.get(match.id);
  if (earlier !== undefined) return makeIssue(c.line, null, 'duplicate_in_file', 'error', `line ${earlier}`);
  const external = c.values.externalId;
  if (external && match.externalId !== null && match.externalId !== external) return makeIssue(c.line, 'externalId', 'match_conflict', 'error', external);
  return null;
}

export interface PlanOptions {
  db: Db;
  bytes: Uint8Array;
  fileName: string;
  mapping?: ImportMapping | undefined;
}

function report(parsed: ParsedImport, r: Resolution, committed: boolean): ImportReport {
  const issues = [...parsed.issues, ...r.issues].sort((a, b) => a.line - b.line);
  return {
    fileName: parsed.fileName,
    encoding: parsed.encoding,
    format: parsed.format,
    headers: parsed.headers,
    mapping: parsed.mapping,
    rows: parsed.rows,
    created: r.creates.length,
    updated: r.updates.length,
    unchanged: r.unchanged,
    skipped: r.skipped,
    issues,
    committed,
  };
}

/** The dry run: reads the file and says what a commit would do, changing nothing. */
export async function planImport({ db, bytes, fileName, mapping }: PlanOptions): Promise<ImportReport> {
  const parsed = await parseImport({ bytes, fileName, event: readEventFile(db), mapping });
  return report(parsed, resolveImport(db, parsed), false);
}

const IMPORT_CHUNK = 2000;

export class ImportCancelled extends Error {
  constructor() {
    super('the import was cancelled; the database is as it was');
    this.name = 'ImportCancelled';
  }
}

export interface CommitOptions {
  db: Db;
  parsed: ParsedImport;
  at: Date;
  by: { operatorId: string | null; via: Transport };
  onProgress?: (p: { processed: number; total: number }) => void;
  /** Checked between chunks; true rolls the whole import back. */
  isCancelled?: () => boolean;
  /** Rows written between progress reports and cancel checks. */
  chunk?: number;
}

/**
 * Writes a parsed file in one transaction, matching it against the database inside that transaction, so the
 * report is exactly what happened; a cancel between chunks throws ImportCancelled and leaves nothing behind.
 */
export function commitImport({ db, parsed, at, by, onProgress, isCancelled, chunk: size = IMPORT_CHUNK }: CommitOptions): ImportReport {
  return db.tx(() => {
    const r = resolveImport(db, parsed);
    const total = parsed.rows;
    let processed = r.skipped + r.unchanged;
    const step = (n: number) => {
      processed += n;
      onProgress?.({ processed, total });
      if (isCancelled?.()) throw new ImportCancelled();
    };
    step(0);
    // One insert for all new rows, so their search index is written once in row-id order, not scattered over chunks.
    insertAttendees(db, r.creates, at, { chunk: size, onChunk: step });
    for (let i = 0; i < r.updates.length; i += size) {
      const chunk = r.updates.slice(i, i + size);
      for (const u of chunk) updateImportedAttendee(db, u.before, u.after, at);
      step(chunk.length);
    }
    const result = report(parsed, r, true);
    insertAudit(db, {
      at,
      operatorId: by.operatorId,
      via: by.via,
      action: 'roster.import',
      entity: 'attendee',
      after: {
        fileName: result.fileName,
        encoding: result.encoding,
        format: result.format,
        rows: result.rows,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        skipped: result.skipped,
      },
    });
    return result;
  });
}
