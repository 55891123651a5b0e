import { describe, expect, it } from 'vitest';
import { generateDemoAttendees } from '../../src/main/core/demo/generate';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { sql } from '../../src/main/core/db/sql';
import { getAttendee, insertAttendees } from '../../src/main/core/roster/repo';
import { normalisePhone } from '../../src/shared/identity';
import type { RosterExport } from '../../src/shared/roster';
import { testStation } from '../helpers/core';
import { signedIn } from './roster-fixtures';

type Station = ReturnType<typeof testStation> & { adminToken: string };

function station(): Station {
  const s = testStation();
  return { ...s, adminToken: signedIn(s, 'admin') };
}

/** The roster as a registration system would see it: every imported field, keyed by external id, without local ids or times. */
function roster(s: Station) {
  const ids = s.db.all<{ id: string }>(sql`SELECT id FROM attendee ORDER BY external_id`).map((r) => r.id);
  return ids.map((id) => {
    const { id: _id, createdAt: _c, updatedAt: _u, badge: _b, source: _s, isDemo: _d, ...fields } = getAttendee(s.db, id)!;
    return fields;
  });
}

async function exportFrom(s: Station, format: 'csv' | 'xlsx'): Promise<RosterExport> {
  return s.must('roster:export', { format, unmasked: true }, s.adminToken);
}

async function importInto(s: Station, file: RosterExport) {
  return s.must('roster:importCommit', { fileName: file.fileName, contentBase64: file.contentBase64 }, s.adminToken);
}

describe('import → export → import', () => {
  it.each(['csv', 'xlsx'] as const)('gives the same roster through %s, and importing the export again changes nothing', async (format) => {
    // A registration system's file: the demo roster (HK, Macao, Taiwan and foreign attendees included) exported once.
    const source = station();
    source.db.tx(() => insertAttendees(source.db, generateDemoAttendees({ event: cnmc2024(), count: 400, seed: 11 }), source.clock.now()));
    const original = await exportFrom(source, format);

    const first = station();
    const imported = await importInto(first, original);
    expect(imported).toMatchObject({ rows: 400, created: 400, skipped: 0 });
    // Only the status column is not imported; every other cell, neutralised "+852 …" phones included, reads back cleanly.
    expect(imported.issues.filter((i) => i.code !== 'column_ignored')).toEqual([]);
    // The demo writes phones as people type them ("+852 5123 4567"); an import stores them normalised.
    const normalised = roster(source).map((a) => ({ ...a, phone: a.phone === null ? null : normalisePhone(a.phone).value }));
    expect(roster(first)).toEqual(normalised);

    const second = station();
    const again = await importInto(second, await exportFrom(first, format));
    expect(again).toMatchObject({ rows: 400, created: 400, skipped: 0 });
    expect(roster(second)).toEqual(roster(first));

    const reimport = await importInto(first, await exportFrom(first, format));
    expect(reimport).toMatchObject({ rows: 400, created: 0, updated: 0, unchanged: 400, skipped: 0 });
  });
});
