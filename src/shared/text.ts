import { z } from 'zod';

/** A bilingual label: the event's own words in Chinese and English. */
export const bilingual = z.object({
  zh: z.string().trim().min(1).max(200),
  en: z.string().trim().min(1).max(300),
});
export type Bilingual = z.infer<typeof bilingual>;

export type Lang = 'zh' | 'en';
export const LANGS = ['zh', 'en'] as const;

/** Renders a zod issue path as `activities[3].capacity`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

export interface FieldProblem {
  path: string;
  message: string;
}

export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}
