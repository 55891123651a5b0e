import { z } from 'zod';
import { badgeLayoutSchema } from './badge';
import { kioskRulesSchema } from './kiosk';
import { bilingual } from './text';

export const ACTIVITY_KINDS = ['main_forum', 'parallel_forum', 'thematic_activity'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** How a category is admitted to an activity: with any badge, only when registered for it, or never. */
export const ACCESS_LEVELS = ['allowed', 'registered', 'denied'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lowercase letters, digits or dashes');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a real date');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM');
const colour = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour as #RRGGBB');

/** Door rules of an activity; issue #5 enforces them at scan time. */
export const accessPolicySchema = z.object({
  reEntry: z.enum(['allow', 'warn', 'refuse']),
  exitScans: z.boolean(),
  opensMinutesBefore: z.number().int().min(0).max(24 * 60),
  capacityCounts: z.enum(['inside', 'admitted']),
  deskArrivalRequired: z.boolean(),
  /**
   * A badge a desk signed for someone this door has not received yet (a walk-in registered minutes ago while the LAN
   * was down): admitted with a warning, or refused until the roster arrives. Files from before it read as refused.
   */
  admitNotYetReceived: z.boolean().default(false),
});
export type AccessPolicy = z.infer<typeof accessPolicySchema>;

export const activitySchema = z.object({
  id: slug,
  kind: z.enum(ACTIVITY_KINDS),
  title: bilingual,
  shortTitle: bilingual,
  room: z.string().trim().min(1).max(100).nullable(),
  day: isoDate.nullable(),
  startTime: clockTime.nullable(),
  endTime: clockTime.nullable(),
  capacity: z.number().int().positive().max(1_000_000).nullable(),
  policy: accessPolicySchema,
});
export type Activity = z.infer<typeof activitySchema>;

export const categorySchema = z.object({
  id: slug,
  name: bilingual,
  colour,
  /** activity id → access level; every activity must be named. */
  access: z.record(z.string(), z.enum(ACCESS_LEVELS)),
});
export type Category = z.infer<typeof categorySchema>;

export const eventInfoSchema = z.object({
  id: slug,
  name: bilingual,
  shortName: z.string().trim().min(1).max(40),
  city: bilingual,
  startDate: isoDate,
  endDate: isoDate,
  timezone: z.string().min(1).max(60),
  theme: bilingual,
});
export type EventInfo = z.infer<typeof eventInfoSchema>;

export const EVENT_FORMAT = 'lanyard-event';
export const EVENT_FORMAT_VERSION = 1;

/** The whole event as one JSON file: what export writes and import reads. */
export const eventFileSchema = z
  .object({
    format: z.literal(EVENT_FORMAT),
    version: z.literal(EVENT_FORMAT_VERSION),
    event: eventInfoSchema,
    activities: z.array(activitySchema).min(1).max(500),
    categories: z.array(categorySchema).min(1).max(100),
    /**
     * The event's public signing key, so a station that imports the file checks its badges offline. The private key
     * never leaves the admin station that made it. Absent in a new event's file: the key pair is made with the event.
     */
    signing: z.object({ publicKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be an Ed25519 public key as 43 base64url characters') }).strict().optional(),
    /** Absent in files from before badge layouts: the standard layout then serves every category. */
    badgeLayouts: z.array(badgeLayoutSchema).min(1).max(20).optional(),
    /** Where the desk is and which categories the kiosks send there; absent in files from before kiosks: the defaults. */
    kiosk: kioskRulesSchema.optional(),
  })
  .superRefine((file, ctx) => {
    const { event, activities, categories } = file;
    if (event.endDate < event.startDate) {
      ctx.addIssue({ code: 'custom', path: ['event', 'endDate'], message: 'is before the start date' });
    }
    const activityIds = new Set<string>();
    activities.forEach((a, i) => {
      if (activityIds.has(a.id)) ctx.addIssue({ code: 'custom', path: ['activities', i, 'id'], message: `duplicate activity id "${a.id}"` });
      activityIds.add(a.id);
      if (a.day !== null && (a.day < event.startDate || a.day > event.endDate)) {
        ctx.addIssue({ code: 'custom', path: ['activities', i, 'day'], message: 'is outside the event dates' });
      }
      if (a.startTime !== null && a.endTime !== null && a.endTime <= a.startTime) {
        ctx.addIssue({ code: 'custom', path: ['activities', i, 'endTime'], message: 'must be after the start time' });
      }
    });
    const categoryIds = new Set<string>();
    categories.forEach((c, i) => {
      if (categoryIds.has(c.id)) ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `duplicate category id "${c.id}"` });
      categoryIds.add(c.id);
      for (const key of Object.keys(c.access)) {
        if (!activityIds.has(key)) ctx.addIssue({ code: 'custom', path: ['categories', i, 'access', key], message: 'names no activity of this event' });
      }
      for (const id of activityIds) {
        if (!(id in c.access)) ctx.addIssue({ code: 'custom', path: ['categories', i, 'access', id], message: 'is missing: every category must say its access to every activity' });
      }
    });
    (file.kiosk?.deskCategories ?? []).forEach((c, i) => {
      if (!categoryIds.has(c)) ctx.addIssue({ code: 'custom', path: ['kiosk', 'deskCategories', i], message: `names no category of this event ("${c}")` });
    });
    const layoutIds = new Set<string>();
    const layoutOf = new Map<string, string>();
    (file.badgeLayouts ?? []).forEach((l, i) => {
      if (layoutIds.has(l.id)) ctx.addIssue({ code: 'custom', path: ['badgeLayouts', i, 'id'], message: `duplicate badge layout id "${l.id}"` });
      layoutIds.add(l.id);
      l.categories.forEach((c, j) => {
        if (!categoryIds.has(c)) ctx.addIssue({ code: 'custom', path: ['badgeLayouts', i, 'categories', j], message: `names no category of this event ("${c}")` });
        const other = layoutOf.get(c);
        if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['badgeLayouts', i, 'categories', j], message: `category "${c}" is printed with layout "${other}" already` });
        layoutOf.set(c, l.id);
      });
    });
  });
export type EventFile = z.infer<typeof eventFileSchema>;

/** Fields of an activity the organiser fills in at the venue. */
export const activityPatchSchema = z.object({
  id: slug,
  room: activitySchema.shape.room.optional(),
  day: activitySchema.shape.day.optional(),
  startTime: activitySchema.shape.startTime.optional(),
  endTime: activitySchema.shape.endTime.optional(),
  capacity: activitySchema.shape.capacity.optional(),
  title: bilingual.optional(),
  shortTitle: bilingual.optional(),
  policy: accessPolicySchema.optional(),
  /** Category id → that category's access to this activity; categories not named keep theirs. */
  access: z.record(slug, z.enum(ACCESS_LEVELS)).optional(),
});
export type ActivityPatch = z.infer<typeof activityPatchSchema>;
