import { z } from 'zod';

/**
 * Badge layouts as the organiser edits them and the event file carries them. A layout names its size, which fields
 * it shows and its colours; each category is printed with the layout that lists it, or the first layout if none does.
 * The band colour is always the category's own.
 */
export const BADGE_SIZES = ['landscape-4x3', 'portrait-3x4', 'a6', 'cr80', 'custom'] as const;
export type BadgeSize = (typeof BADGE_SIZES)[number];

/** Page sizes in millimetres, as the label stock is sold. */
export const BADGE_SIZE_MM: Record<Exclude<BadgeSize, 'custom'>, { width: number; height: number }> = {
  'landscape-4x3': { width: 101.6, height: 76.2 },
  'portrait-3x4': { width: 76.2, height: 101.6 },
  a6: { width: 105, height: 148 },
  cr80: { width: 85.6, height: 53.98 },
};

export const BADGE_FIELDS = ['categoryName', 'nameEn', 'organisation', 'title', 'access', 'event'] as const;
export type BadgeField = (typeof BADGE_FIELDS)[number];

const colour = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour as #RRGGBB');
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lowercase letters, digits or dashes');

export const badgeLayoutSchema = z
  .object({
    id: slug,
    name: z.string().trim().min(1).max(60),
    /** Categories printed with this layout; the first layout also serves every category no layout lists. */
    categories: z.array(slug).max(100),
    size: z.enum(BADGE_SIZES),
    /** Only for size "custom": 50–210 mm wide, 50–297 mm high (a badge smaller than a business card cannot hold the QR and a name). */
    customMm: z.object({ width: z.number().min(50).max(210), height: z.number().min(50).max(297) }).nullable(),
    fields: z.object(Object.fromEntries(BADGE_FIELDS.map((f) => [f, z.boolean()])) as Record<BadgeField, z.ZodBoolean>),
    colours: z.object({ text: colour, background: colour }),
  })
  .superRefine((layout, ctx) => {
    if (layout.size === 'custom' && layout.customMm === null) ctx.addIssue({ code: 'custom', path: ['customMm'], message: 'a custom size needs its width and height' });
  });
export type BadgeLayout = z.infer<typeof badgeLayoutSchema>;

export const DEFAULT_BADGE_LAYOUT: BadgeLayout = {
  id: 'standard',
  name: 'Standard 4×3 in',
  categories: [],
  size: 'landscape-4x3',
  customMm: null,
  fields: { categoryName: true, nameEn: true, organisation: true, title: true, access: true, event: true },
  colours: { text: '#1A1A1A', background: '#FFFFFF' },
};

export const MM = 72 / 25.4;
/** Light modules around a QR, as its standard asks; the qr box of a layout includes them. */
export const QR_QUIET_ZONE = 4;

/** The page of a layout in PDF points. */
export function badgePageSize(layout: Pick<BadgeLayout, 'size' | 'customMm'>): { width: number; height: number } {
  const mm = layout.size === 'custom' ? (layout.customMm ?? BADGE_SIZE_MM['landscape-4x3']) : BADGE_SIZE_MM[layout.size];
  return { width: mm.width * MM, height: mm.height * MM };
}

/** The layout a category is printed with. */
export function layoutForCategory(layouts: readonly BadgeLayout[], categoryId: string): BadgeLayout {
  const first = layouts[0];
  if (first === undefined) return DEFAULT_BADGE_LAYOUT;
  return layouts.find((l) => l.categories.includes(categoryId)) ?? first;
}

export const BADGE_ORDERS = ['pinyin', 'organisation', 'category'] as const;
export type BadgeOrder = (typeof BADGE_ORDERS)[number];

/** Which attendees a batch prints: chosen ones, a category, or everyone whose current badge is not printed yet. */
export const badgeSelectionSchema = z.union([
  z.object({ attendeeIds: z.array(z.string().min(1).max(40)).min(1).max(10_000) }),
  z.object({ categoryId: slug }),
  z.object({ notPrinted: z.literal(true) }),
  z.object({ all: z.literal(true) }),
]);
export type BadgeSelection = z.infer<typeof badgeSelectionSchema>;

export const badgeRenderSchema = z.object({
  selection: badgeSelectionSchema,
  order: z.enum(BADGE_ORDERS).default('pinyin'),
  /** Overrides the layouts' sizes, for a one-off print on other stock. */
  size: z.enum(BADGE_SIZES).optional(),
  /** Several badges per A4 sheet with cut marks, instead of one badge per page. */
  sheet: z.enum(['a4']).optional(),
});
export type BadgeRender = z.input<typeof badgeRenderSchema>;

/** One attendee's badge as it will print, with the saved layout or one being edited. */
export const badgePreviewSchema = z
  .object({
    attendeeId: z.string().min(1).max(40),
    layout: badgeLayoutSchema.optional(),
  })
  .strict();

/** A preview: the laid-out page and its QR's modules, so the screen draws exactly what the PDF will. */
export interface BadgePreview {
  page: BadgePage;
  qr: { modules: number; runs: Array<{ row: number; column: number; length: number }> };
}

export const badgeBatchPlanSchema = z.object({ selection: badgeSelectionSchema, order: z.enum(BADGE_ORDERS).default('pinyin') }).strict();

export interface BadgePdf {
  contentBase64: string;
  badges: number;
  pages: number;
  /** Badges left out, each with the reason (a character the font cannot draw, a cancelled attendee). */
  skipped: Array<{ attendeeId: string; message: string }>;
}

/** A badge's face, laid out in PDF points from its top-left corner: what the PDF adapter draws and the preview shows. */
export type BadgeBox =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string }
  | {
      kind: 'text';
      field: 'nameMain' | 'nameSecond' | BadgeField;
      x: number;
      y: number;
      width: number;
      height: number;
      size: number;
      weight: FontWeight;
      colour: string;
      align: 'left' | 'center';
      /** Each line with its own left edge and baseline, already fitted: nothing is measured after layout. */
      lines: Array<{ text: string; x: number; baseline: number; width: number }>;
    }
  /** The QR square including its quiet zone of four modules. */
  | { kind: 'qr'; x: number; y: number; size: number; payload: string };

export type FontWeight = 'regular' | 'bold';

export interface BadgePage {
  width: number;
  height: number;
  background: string;
  boxes: BadgeBox[];
}

/** What a badge says about one attendee, ready to lay out. */
export interface BadgeContent {
  attendeeId: string;
  /** The name printed large: the Chinese name, or the Latin name when there is no Chinese one. */
  nameMain: string;
  /** The name under it: the English name, else the pinyin of the Chinese name; null when the main name is Latin already. */
  nameSecond: string | null;
  organisation: string | null;
  title: string | null;
  category: { name: string; colour: string };
  /** The activities the badge opens, e.g. 主论坛 · 平行论坛二/五 · 专题培训班. */
  access: string | null;
  event: string;
  payload: string;
}
