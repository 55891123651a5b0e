import { randomBytes } from 'node:crypto';
import type { AttendeeRecord } from '../../../shared/attendee';
import type { ImportIssue, ImportReport } from '../../../shared/import';
import type { ErrorCode } from '../../../shared/result';
import { AppFailure, failureOf } from '../../../shared/result';
import type { Actor } from '../audit/repo';
import { insertAudit } from '../audit/repo';
import type { Db } from '../db/sql';
import { readEventFile } from '../event/repo';
import { idFrom } from '../ids';
import type { WritableAttendee } from '../roster/derived';
import { AttendeeBulkWrite, getAttendee } from '../roster/repo';
import { AttendeeKeys, ticketCodeOwner } from './existing';
import type { ImportFile, ParsedHead, ParseEvent } from './parse';
import { parseImportEvents } from './parse';
import type { ImportCandidate, ImportedValues } from './rows';
import { createdFields, makeIssue } from './rows';
import { updateImportedAttendee } from './write';

/** What a file's rows come to against the database: counts, and the issues of the rows skipped for a conflict. */
export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  issues: ImportIssue[];
}

/** One chunk's rows resolved: the attendees to create and the ones to write over. */
export interface Resolved {
  creates: WritableAttendee[];
  updates: Array<{ before: AttendeeRecord; after: AttendeeRecord }>;
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

const newRecord = (c: ImportCandidate, random: () => number): WritableAttendee => ({
  id: idFrom(random),
  ...createdFields(c),
  status: 'active',
  source: 'import',
  isDemo: false,
  derived: c.derived,
});

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

/**
 * Matches candidates against the database, chunk by chunk: created, updated, unchanged, or skipped for a conflict.
 * It keeps the counts and which stored attendee each earlier row claimed, never the rows themselves.
 */
export class ImportResolver {
  readonly tally: Tally = { created: 0, updated: 0, unchanged: 0, skipped: 0, issues: [] };
  private readonly keys: AttendeeKeys;
  /** An empty roster matches nothing: no lookups at all. */
  private readonly empty: boolean;
  private readonly claimed = new Map<string, number>();
  private readonly random = pooledRandom();

  constructor(private readonly db: Db) {
    this.keys = new AttendeeKeys(db);
    this.empty = this.keys.size === 0;
  }

  /** Rows the file itself made skip (parse errors, duplicates inside the file). */
  skip(rows: number): void {
    this.tally.skipped += rows;
  }

  resolve(candidates: readonly ImportCandidate[]): Resolved {
    const out: Resolved = { creates: [], updates: [] };
    const { db, tally } = this;
    for (const c of candidates) {
      const match = this.empty ? null : this.keys.find(c.values);
      const conflict = match === null ? null : conflictOf(c, match, this.claimed);
      const takenCode = this.empty ? undefined : (c.values.ticketCodes ?? []).find((code) => ![null, match?.id].includes(ticketCodeOwner(db, code)));
      if (conflict !== null || takenCode !== undefined) {
        tally.issues.push(conflict ?? makeIssue(c.line, 'ticketCodes', 'ticket_code_taken', 'error', takenCode));
        tally.skipped++;
        continue;
      }
      if (match === null) {
        out.creates.push(newRecord(c, this.random));
        tally.created++;
        continue;
      }
      this.claimed.set(match.id, c.line);
      const before = storedRecord(db, match.id);
      const { after, changed } = merged(before, c.values);
      if (changed) {
        out.updates.push({ before, after });
        tally.updated++;
      } else tally.unchanged++;
    }
    return out;
  }
}

function storedRecord(db: Db, id: string): AttendeeRecord {
  const stored = getAttendee(db, id);
  if (!stored) throw new Error(`attendee ${id} vanished while the import was matched`);
  const { badge: _badge, createdAt: _createdAt, updatedAt: _updatedAt, ...record } = stored;
  return record;
}

function conflictOf(c: ImportCandidate, match: { id: string; externalId: string | null }, claimed: ReadonlyMap<string, number>): ImportIssue | null {
  const earlier = claimed.get(match.id);
  if (earlier !== undefined) return makeIssue(c.line, null, 'duplicate_in_file', 'error', `line ${earlier}`);
  const external = c.values.externalId;
  if (external && match.externalId !== null && match.externalId !== external) return makeIssue(c.line, 'externalId', 'match_conflict', 'error', external);
  return null;
}

export interface PlanOptions extends ImportFile {
  db: Db;
}

function report(head: ParsedHead, end: { rows: number }, fileIssues: readonly ImportIssue[], tally: Tally, committed: boolean): ImportReport {
  const issues = [...fileIssues, ...tally.issues].sort((a, b) => a.line - b.line);
  const { expectedRows: _expectedRows, ...described } = head;
  return {
    ...described,
    rows: end.rows,
    created: tally.created,
    updated: tally.updated,
    unchanged: tally.unchanged,
    skipped: tally.skipped,
    issues,
    committed,
  };
}

/** The dry run: reads the file and says what a commit would do, changing nothing. */
export async function planImport({ db, ...file }: PlanOptions): Promise<ImportReport> {
  const resolver = new ImportResolver(db);
  let head: ParsedHead | null = null;
  const fileIssues: ImportIssue[] = [];
  let rows = 0;
  for await (const e of parseImportEvents({ ...file, event: readEventFile(db) })) {
    if (e.kind === 'head') head = e.head;
    else if (e.kind === 'rows') {
      fileIssues.push(...e.issues);
      resolver.resolve(e.candidates);
    } else {
      rows = e.rows;
      resolver.skip(e.skipped);
    }
  }
  if (head === null) throw new Error('a parse ended without its head');
  return report(head, { rows }, fileIssues, resolver.tally, false);
}

/** A commit refuses a file with no name column, naming what it saw, rather than skip every row. */
function noNameColumn(head: ParsedHead): AppFailure {
  const likeliest = head.nameCandidates?.length ? `; the likeliest name columns: ${head.nameCandidates.join(', ')}` : '';
  return new AppFailure('invalid_input', `${head.fileName}: no column is mapped to a name, so nothing was imported. Headers found: ${head.headers.join(', ')}${likeliest}`, {
    headers: head.headers,
    nameCandidates: head.nameCandidates ?? [],
  });
}

export class ImportCancelled extends Error {
  constructor() {
    super('the import was cancelled; the database is as it was');
    this.name = 'ImportCancelled';
  }
}

/** How an import that threw ended, as its job reports it: cancelled, or failed with the error's code. */
export const importEnding = (e: unknown): { type: 'cancelled' } | { type: 'failed'; code: ErrorCode; message: string } =>
  e instanceof ImportCancelled ? { type: 'cancelled' } : { type: 'failed', ...failureOf(e) };

export interface CommitOptions {
  db: Db;
  /** The file as parsed, here or on a parse thread (import/pipeline.ts), in order. */
  events: Iterable<ParseEvent>;
  at: Date;
  by: Actor;
  onProgress?: (p: { processed: number; total: number }) => void;
  /** Checked after every chunk; true rolls the whole import back. */
  isCancelled?: () => boolean;
}

/**
 * Writes a file in one transaction as its chunks arrive, matching each against the database inside that
 * transaction, so the report is exactly what happened; a cancel between chunks throws ImportCancelled and leaves
 * nothing behind. The transaction stays synchronous: a parse thread's chunks are waited for, never awaited.
 */
export function commitImport({ db, events, at, by, onProgress, isCancelled }: CommitOptions): ImportReport {
  return db.tx(() => {
    const iterator = events[Symbol.iterator]();
    const first = iterator.next();
    if (first.done || first.value.kind !== 'head') throw new Error('a parse must open with its head');
    const head = first.value.head;
    if (head.nameCandidates !== undefined) throw noNameColumn(head);
    const resolver = new ImportResolver(db);
    const write = new AttendeeBulkWrite(db, at, head.expectedRows);
    const fileIssues: ImportIssue[] = [];
    let processed = 0;
    let end: { rows: number } | null = null;
    const step = (rows: number) => {
      processed += rows;
      onProgress?.({ processed, total: Math.max(processed, head.expectedRows ?? 0) });
      if (isCancelled?.()) throw new ImportCancelled();
    };
    step(0);
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const e = next.value;
      if (e.kind === 'head') throw new Error('a parse has one head');
      if (e.kind === 'end') {
        resolver.skip(e.skipped);
        end = e;
        continue;
      }
      fileIssues.push(...e.issues);
      const { creates, updates } = resolver.resolve(e.candidates);
      write.add(creates);
      for (const u of updates) updateImportedAttendee(db, u.before, u.after, at);
      if (e.rows > 0) step(e.rows);
    }
    if (end === null) throw new Error('a parse ended without its count');
    write.finish();
    const result = report(head, end, fileIssues, resolver.tally, true);
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
