import type { BadgeLayout } from '../../../shared/badge';
import { DEFAULT_BADGE_LAYOUT } from '../../../shared/badge';
import type { ActivityStatus, ActivityView, EventView } from '../../../shared/contract';
import type { AccessLevel, AccessPolicy, Activity, ActivityPatch, Category, EventFile, EventInfo } from '../../../shared/event';
import { EVENT_FORMAT, EVENT_FORMAT_VERSION, accessPolicySchema } from '../../../shared/event';
import type { KioskRules } from '../../../shared/kiosk';
import { DEFAULT_KIOSK_RULES } from '../../../shared/kiosk';
import { AppFailure } from '../../../shared/result';
import { localDateTime } from '../clock';
import type { Db } from '../db/sql';
import { sql } from '../db/sql';

interface EventRow {
  id: string;
  name_zh: string;
  name_en: string;
  short_name: string;
  city_zh: string;
  city_en: string;
  start_date: string;
  end_date: string;
  timezone: string;
  theme_zh: string;
  theme_en: string;
}

interface ActivityRow {
  id: string;
  kind: Activity['kind'];
  title_zh: string;
  title_en: string;
  short_title_zh: string;
  short_title_en: string;
  room: string | null;
  day: string | null;
  start_time: string | null;
  end_time: string | null;
  capacity: number | null;
  policy: string;
}

interface CategoryRow {
  id: string;
  name_zh: string;
  name_en: string;
  colour: string;
}

export function hasEvent(db: Db): boolean {
  return db.get(sql`SELECT 1 FROM event`) !== undefined;
}

export function getEventInfo(db: Db): EventInfo {
  const r = db.get<EventRow>(sql`SELECT * FROM event`);
  if (!r) throw new AppFailure('not_found', 'this database holds no event yet; run `lanyard init` first');
  return {
    id: r.id,
    name: { zh: r.name_zh, en: r.name_en },
    shortName: r.short_name,
    city: { zh: r.city_zh, en: r.city_en },
    startDate: r.start_date,
    endDate: r.end_date,
    timezone: r.timezone,
    theme: { zh: r.theme_zh, en: r.theme_en },
  };
}

const toActivity = (r: ActivityRow): Activity => ({
  id: r.id,
  kind: r.kind,
  title: { zh: r.title_zh, en: r.title_en },
  shortTitle: { zh: r.short_title_zh, en: r.short_title_en },
  room: r.room,
  day: r.day,
  startTime: r.start_time,
  endTime: r.end_time,
  capacity: r.capacity,
  policy: accessPolicySchema.parse(JSON.parse(r.policy)) as AccessPolicy,
});

export function listActivities(db: Db): Activity[] {
  return db.all<ActivityRow>(sql`SELECT * FROM activity ORDER BY position`).map(toActivity);
}

export function getActivity(db: Db, id: string): Activity | undefined {
  const r = db.get<ActivityRow>(sql`SELECT * FROM activity WHERE id = ${id}`);
  return r ? toActivity(r) : undefined;
}

export function listCategories(db: Db): Category[] {
  const access = db.all<{ category_id: string; activity_id: string; access: AccessLevel }>(
    sql`SELECT ca.category_id, ca.activity_id, ca.access FROM category_access ca JOIN activity a ON a.id = ca.activity_id ORDER BY a.position`,
  );
  return db.all<CategoryRow>(sql`SELECT * FROM category ORDER BY position`).map((r) => ({
    id: r.id,
    name: { zh: r.name_zh, en: r.name_en },
    colour: r.colour,
    access: Object.fromEntries(access.filter((a) => a.category_id === r.id).map((a) => [a.activity_id, a.access])),
  }));
}

/** The event's badge layouts in order; an event that never saved one has the standard layout. */
export function listBadgeLayouts(db: Db): BadgeLayout[] {
  const rows = db.all<{ layout: string }>(sql`SELECT layout FROM badge_layout ORDER BY position`);
  return rows.length === 0 ? [DEFAULT_BADGE_LAYOUT] : rows.map((r) => JSON.parse(r.layout) as BadgeLayout);
}

export function readEventFile(db: Db): EventFile {
  return {
    format: EVENT_FORMAT,
    version: EVENT_FORMAT_VERSION,
    event: getEventInfo(db),
    activities: listActivities(db),
    categories: listCategories(db),
    badgeLayouts: listBadgeLayouts(db),
    kiosk: getKioskRules(db),
    ...signing(db),
  };
}

function signing(db: Db): Pick<EventFile, 'signing'> {
  const publicKey = db.get<{ public_key: string }>(sql`SELECT public_key FROM event_key`)?.public_key;
  return publicKey === undefined ? {} : { signing: { publicKey } };
}

/**
 * Takes the signing key an event file carries: adopted by a database without one (a door station provisioned from the
 * admin station's export), refused when it differs from the database's own, as badges of one would fail on the other.
 */
function adoptSigningKey(db: Db, file: EventFile, at: Date): void {
  if (file.signing === undefined) return;
  const stored = signing(db).signing?.publicKey;
  if (stored === undefined) {
    db.run(sql`INSERT INTO event_key (singleton, public_key, created_at) VALUES (1, ${file.signing.publicKey}, ${at.toISOString()})`);
  } else if (stored !== file.signing.publicKey) {
    throw new AppFailure('conflict', 'the event file carries another signing key than this database: badges issued under one would be refused under the other', [{ path: 'signing.publicKey', message: 'differs from this event\'s key' }]);
  }
}

/** The event's kiosk rules; an event that never set them has the defaults (the desk, no category sent there). */
export function getKioskRules(db: Db): KioskRules {
  const row = db.get<{ rules: string }>(sql`SELECT rules FROM kiosk_rules`);
  return row === undefined ? DEFAULT_KIOSK_RULES : (JSON.parse(row.rules) as KioskRules);
}

/** Sets the event's kiosk rules; every category named must be one of the event's. */
export function writeKioskRules(db: Db, rules: KioskRules): void {
  const known = new Set(listCategories(db).map((c) => c.id));
  const problems = rules.deskCategories.flatMap((c, i) => (known.has(c) ? [] : [{ path: `deskCategories[${i}]`, message: `names no category of this event ("${c}")` }]));
  if (problems.length > 0) throw new AppFailure('invalid_input', 'the kiosk rules name categories this event does not have', problems);
  db.run(sql`INSERT INTO kiosk_rules (singleton, rules) VALUES (1, ${JSON.stringify(rules)}) ON CONFLICT (singleton) DO UPDATE SET rules = excluded.rules`);
}

/** Replaces the event's badge layouts (a file without any keeps those the database has). */
export function writeBadgeLayouts(db: Db, layouts: readonly BadgeLayout[]): void {
  db.run(sql`DELETE FROM badge_layout`);
  layouts.forEach((l, position) => db.run(sql`INSERT INTO badge_layout (id, position, layout) VALUES (${l.id}, ${position}, ${JSON.stringify(l)})`));
}

/** When an activity with a schedule is under way, in the event's own time zone. */
export function activityStatus(a: Activity, timezone: string, now: Date): ActivityStatus {
  if (a.day === null) return 'unscheduled';
  const here = localDateTime(now, timezone);
  const at = `${here.date} ${here.time}`;
  const start = `${a.day} ${a.startTime ?? '00:00'}`;
  const end = `${a.day} ${a.endTime ?? '23:59'}`;
  if (at < start) return 'upcoming';
  if (at > end) return 'ended';
  return 'open';
}

export function getEventView(db: Db, now: Date): EventView {
  const event = getEventInfo(db);
  const counts = new Map(
    db
      .all<{ activity_id: string; n: number }>(
        sql`SELECT r.activity_id, count(*) AS n FROM registration r JOIN attendee t ON t.id = r.attendee_id
            WHERE t.status = 'active' GROUP BY r.activity_id`,
      )
      .map((r) => [r.activity_id, r.n]),
  );
  const activities: ActivityView[] = listActivities(db).map((a) => ({
    ...a,
    status: activityStatus(a, event.timezone, now),
    registered: counts.get(a.id) ?? 0,
  }));
  return { event, activities, categories: listCategories(db), badgeLayouts: listBadgeLayouts(db), kiosk: getKioskRules(db) };
}

/**
 * Makes the database hold exactly this event. Activities and categories are matched by id, so
 * attendees keep their category and registrations; removing one still in use is refused.
 */
export function writeEventFile(db: Db, file: EventFile, at: Date): void {
  const existing = db.get<{ id: string }>(sql`SELECT id FROM event`);
  const attendees = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attendee`)?.n ?? 0;
  if (existing && existing.id !== file.event.id && attendees > 0) {
    throw new AppFailure('conflict', `this database holds event "${existing.id}" with ${attendees} attendees; it cannot become event "${file.event.id}"`);
  }
  const keepActivities = new Set(file.activities.map((a) => a.id));
  const keepCategories = new Set(file.categories.map((c) => c.id));
  const problems: Array<{ path: string; message: string }> = [];
  for (const r of db.all<{ activity_id: string; n: number }>(sql`SELECT activity_id, count(*) AS n FROM registration GROUP BY activity_id`)) {
    if (!keepActivities.has(r.activity_id)) problems.push({ path: `activities`, message: `activity "${r.activity_id}" is missing but ${r.n} attendees are registered for it` });
  }
  for (const r of db.all<{ category_id: string; n: number }>(sql`SELECT category_id, count(*) AS n FROM attendee GROUP BY category_id`)) {
    if (!keepCategories.has(r.category_id)) problems.push({ path: `categories`, message: `category "${r.category_id}" is missing but ${r.n} attendees have it` });
  }
  if (problems.length > 0) throw new AppFailure('conflict', 'the event file removes activities or categories still in use', problems);
  adoptSigningKey(db, file, at);

  const e = file.event;
  db.run(sql`INSERT INTO event (singleton, id, name_zh, name_en, short_name, city_zh, city_en, start_date, end_date, timezone, theme_zh, theme_en, updated_at)
    VALUES (1, ${e.id}, ${e.name.zh}, ${e.name.en}, ${e.shortName}, ${e.city.zh}, ${e.city.en}, ${e.startDate}, ${e.endDate}, ${e.timezone}, ${e.theme.zh}, ${e.theme.en}, ${at.toISOString()})
    ON CONFLICT (singleton) DO UPDATE SET id = excluded.id, name_zh = excluded.name_zh, name_en = excluded.name_en, short_name = excluded.short_name,
      city_zh = excluded.city_zh, city_en = excluded.city_en, start_date = excluded.start_date, end_date = excluded.end_date,
      timezone = excluded.timezone, theme_zh = excluded.theme_zh, theme_en = excluded.theme_en, updated_at = excluded.updated_at`);

  file.activities.forEach((a, position) => upsertActivity(db, a, position));
  for (const row of db.all<{ id: string }>(sql`SELECT id FROM activity`)) {
    if (!keepActivities.has(row.id)) db.run(sql`DELETE FROM activity WHERE id = ${row.id}`);
  }
  file.categories.forEach((c, position) => {
    db.run(sql`INSERT INTO category (id, position, name_zh, name_en, colour) VALUES (${c.id}, ${position}, ${c.name.zh}, ${c.name.en}, ${c.colour})
      ON CONFLICT (id) DO UPDATE SET position = excluded.position, name_zh = excluded.name_zh, name_en = excluded.name_en, colour = excluded.colour`);
    for (const [activityId, access] of Object.entries(c.access)) {
      db.run(sql`INSERT INTO category_access (category_id, activity_id, access) VALUES (${c.id}, ${activityId}, ${access})
        ON CONFLICT (category_id, activity_id) DO UPDATE SET access = excluded.access`);
    }
  });
  for (const row of db.all<{ id: string }>(sql`SELECT id FROM category`)) {
    if (!keepCategories.has(row.id)) db.run(sql`DELETE FROM category WHERE id = ${row.id}`);
  }
  if (file.badgeLayouts !== undefined) writeBadgeLayouts(db, file.badgeLayouts);
  if (file.kiosk !== undefined) writeKioskRules(db, file.kiosk);
}

function upsertActivity(db: Db, a: Activity, position: number): void {
  db.run(sql`INSERT INTO activity (id, position, kind, title_zh, title_en, short_title_zh, short_title_en, room, day, start_time, end_time, capacity, policy)
    VALUES (${a.id}, ${position}, ${a.kind}, ${a.title.zh}, ${a.title.en}, ${a.shortTitle.zh}, ${a.shortTitle.en}, ${a.room}, ${a.day}, ${a.startTime}, ${a.endTime}, ${a.capacity}, ${JSON.stringify(a.policy)})
    ON CONFLICT (id) DO UPDATE SET position = excluded.position, kind = excluded.kind, title_zh = excluded.title_zh, title_en = excluded.title_en,
      short_title_zh = excluded.short_title_zh, short_title_en = excluded.short_title_en, room = excluded.room, day = excluded.day,
      start_time = excluded.start_time, end_time = excluded.end_time, capacity = excluded.capacity, policy = excluded.policy`);
}

/** Each category's access to one activity. */
function accessTo(db: Db, activityId: string): Record<string, AccessLevel> {
  const rows = db.all<{ category_id: string; access: AccessLevel }>(
    sql`SELECT ca.category_id, ca.access FROM category_access ca JOIN category c ON c.id = ca.category_id WHERE ca.activity_id = ${activityId} ORDER BY c.position`,
  );
  return Object.fromEntries(rows.map((r) => [r.category_id, r.access]));
}

/** Applies an organiser's edit to one activity (its rules and each category's access included) and returns it before and after. */
export function patchActivity(db: Db, patch: ActivityPatch): { before: Activity & { access: Record<string, AccessLevel> }; after: Activity & { access: Record<string, AccessLevel> } } {
  const before = getActivity(db, patch.id);
  if (!before) throw new AppFailure('not_found', `no activity "${patch.id}"`);
  const after: Activity = { ...before };
  for (const key of ['room', 'day', 'startTime', 'endTime', 'capacity', 'title', 'shortTitle', 'policy'] as const) {
    if (patch[key] !== undefined) Object.assign(after, { [key]: patch[key] });
  }
  const position = db.get<{ position: number }>(sql`SELECT position FROM activity WHERE id = ${patch.id}`)?.position ?? 0;
  const accessBefore = accessTo(db, patch.id);
  upsertActivity(db, after, position);
  for (const [categoryId, access] of Object.entries(patch.access ?? {})) {
    if (!(categoryId in accessBefore)) throw new AppFailure('not_found', `no category "${categoryId}" in this event`);
    db.run(sql`UPDATE category_access SET access = ${access} WHERE category_id = ${categoryId} AND activity_id = ${patch.id}`);
  }
  return { before: { ...before, access: accessBefore }, after: { ...after, access: accessTo(db, patch.id) } };
}
