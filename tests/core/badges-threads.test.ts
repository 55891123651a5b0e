import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { BADGE_THREAD_FROM, makeBadges, selectBadgeAttendees } from '../../src/main/core/badges/badges';
import { badgeFonts } from '../../src/main/core/badges/fonts';
import { BadgeThreads } from '../../src/main/core/badges/pool';
import { issueCredential } from '../../src/main/core/credentials/credentials';
import { vaultFor } from '../../src/main/core/credentials/keys';
import { openDatabase } from '../../src/main/core/db/open';
import { sql } from '../../src/main/core/db/sql';
import { generateDemoAttendees } from '../../src/main/core/demo/generate';
import { cnmc2024 } from '../../src/main/core/event/cnmc2024';
import { insertAttendees } from '../../src/main/core/roster/repo';
import { createServices, initEvent } from '../../src/main/core/services';
import type { BadgePdf } from '../../src/shared/badge';
import { BADGE_PEOPLE } from '../helpers/badges';
import { value } from '../helpers/station';

const dir = mkdtempSync(join(tmpdir(), 'lanyard-badge-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = new Date('2024-10-14T08:00:00Z');
const db = openDatabase(join(dir, 'e.db'));
initEvent(db, cnmc2024(), at);
db.tx(() => insertAttendees(db, [...Object.values(BADGE_PEOPLE), ...generateDemoAttendees({ event: cnmc2024(), count: 90, seed: 11 })], at));
// A cancelled attendee of the batch too: refused when issuing, on this thread, not on a badge thread.
const cancelledId = generateDemoAttendees({ event: cnmc2024(), count: 90, seed: 11 })[40]!.id;
db.run(sql`UPDATE attendee SET status = 'cancelled' WHERE id = ${cancelledId}`);

const run = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const qrOn = (pdf: string, page: number): string => {
  const png = join(dir, `p${page}`);
  run('pdftoppm', '-r', '150', '-f', String(page), '-l', String(page), '-png', '-singlefile', pdf, png);
  return execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', `${png}.png`], { encoding: 'utf8' }).trim();
};

describe('badges made on badge threads', () => {
  it('are the badges made on one thread: the same text, order, QR and skipped badges, in a well-formed PDF', async () => {
    const threads = new BadgeThreads({ count: 2 });
    await threads.warm();
    const onThreads = createServices({ db, badgeThreads: threads });
    const here = createServices({ db, badgeThreads: null });
    const everyone = { selection: { all: true }, order: 'pinyin' };
    const count = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee WHERE status = 'active'`)!.n;
    expect(count).toBeGreaterThanOrEqual(BADGE_THREAD_FROM);

    const threaded = value(await onThreads.call('badge:pdf', everyone, { transport: 'cli' })) as BadgePdf;
    const single = value(await here.call('badge:pdf', everyone, { transport: 'cli' })) as BadgePdf;
    await threads.close();

    // Everyone active but the one whose name the font cannot draw; the cancelled attendee is not in "everyone".
    expect(threaded.badges).toBe(count - 1);
    expect(threaded.skipped).toEqual([{ attendeeId: BADGE_PEOPLE.rare.id, message: expect.stringContaining('𠮷') }]);
    expect({ ...threaded, contentBase64: null }).toEqual({ ...single, contentBase64: null });

    const files = { threaded: join(dir, 'threaded.pdf'), single: join(dir, 'single.pdf') };
    writeFileSync(files.threaded, Buffer.from(threaded.contentBase64, 'base64'));
    writeFileSync(files.single, Buffer.from(single.contentBase64, 'base64'));
    expect(run('pdftotext', '-layout', files.threaded, '-')).toBe(run('pdftotext', '-layout', files.single, '-'));
    expect(run('qpdf', '--check', files.threaded)).toContain('No syntax or stream encoding errors found');

    // The QR of the first and the last page, drawn from a thread's form, is that attendee's credential.
    const order = selectBadgeAttendees(db, { all: true }, 'pinyin').filter((a) => a.id !== BADGE_PEOPLE.rare.id);
    for (const page of [1, threaded.pages]) expect(qrOn(files.threaded, page)).toBe(issueCredential(db, vaultFor(db), order[page - 1]!.id).payload);
  });

  it('leave out a cancelled attendee asked for by name, and the batch goes on', async () => {
    const threads = new BadgeThreads({ count: 1 });
    await threads.warm();
    const chosen = selectBadgeAttendees(db, { all: true }, 'pinyin')
      .filter((a) => a.id !== BADGE_PEOPLE.rare.id)
      .slice(0, BADGE_THREAD_FROM)
      .map((a) => a.id);
    const services = createServices({ db, badgeThreads: threads });
    const pdf = value(await services.call('badge:pdf', { selection: { attendeeIds: [cancelledId, ...chosen] }, order: 'pinyin' }, { transport: 'cli' })) as BadgePdf;
    await threads.close();
    expect(pdf.skipped).toEqual([{ attendeeId: cancelledId, message: expect.stringContaining('cancelled') }]);
    expect(pdf.badges).toBe(chosen.length);
  });

  it('are not waited for: a batch while they start is made here, and they are ready for the next', async () => {
    const threads = new BadgeThreads({ count: 1 });
    const services = createServices({ db, badgeThreads: threads });
    const everyone = { selection: { all: true }, order: 'pinyin' };
    expect(threads.ready).toBe(false);
    const sentToThreads = () => (threads as unknown as { lastBatch: number }).lastBatch;
    const first = value(await services.call('badge:pdf', everyone, { transport: 'cli' })) as BadgePdf;
    expect(sentToThreads()).toBe(0);
    await threads.warm();
    expect(threads.ready).toBe(true);
    const second = value(await services.call('badge:pdf', everyone, { transport: 'cli' })) as BadgePdf;
    expect(sentToThreads()).toBe(1);
    await threads.close();
    expect({ ...second, contentBase64: null }).toEqual({ ...first, contentBase64: null });
  });

  it('take a one-shot process\'s batch while they start, with the same badges as one thread', async () => {
    const threads = new BadgeThreads({ count: 1, oneShot: true });
    const services = createServices({ db, badgeThreads: threads });
    const everyone = { selection: { all: true }, order: 'pinyin' };
    expect(threads.ready).toBe(false);
    const sentToThreads = () => (threads as unknown as { lastBatch: number }).lastBatch;
    const threaded = value(await services.call('badge:pdf', everyone, { transport: 'cli' })) as BadgePdf;
    expect(sentToThreads()).toBe(1);
    await threads.close();
    const single = value(await createServices({ db, badgeThreads: null }).call('badge:pdf', everyone, { transport: 'cli' })) as BadgePdf;
    expect({ ...threaded, contentBase64: null }).toEqual({ ...single, contentBase64: null });
  });

  it('fail the batch when a thread stops, and the next batch starts new threads', async () => {
    const threads = new BadgeThreads({ count: 1 });
    await threads.warm();
    const attendees = selectBadgeAttendees(db, { all: true }, 'pinyin');
    const batch = makeBadges(db, vaultFor(db), badgeFonts(), attendees, undefined, threads);
    const badges = batch.badges[Symbol.asyncIterator]();
    const first = badges.next();
    // Every chunk is sent by the time next() returns; the thread dies before answering.
    await (threads as unknown as { workers: Worker[] }).workers[0]!.terminate();
    await expect(first).rejects.toThrow(/badge thread stopped/);
    expect(threads.ready).toBe(false);

    await threads.warm();
    let made = 0;
    for await (const badge of makeBadges(db, vaultFor(db), badgeFonts(), attendees, undefined, threads).badges) made += badge.page.boxes.length > 0 ? 1 : 0;
    await threads.close();
    expect(made).toBe(attendees.length - 1);
  });
});
