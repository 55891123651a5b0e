import type { Migration } from './index';

/**
 * Ticket codes found in any letter case: a registration system writes its codes as it likes (pretix's secrets are lower
 * case), while a hand scanner with Caps Lock on, or typing under a Chinese input method, sends upper case. Codes stay
 * stored as written; this index finds them by their upper-case form (SQLite's upper() folds ASCII, which codes are).
 */
export const migration011: Migration = {
  version: 11,
  name: 'ticket codes in any case',
  sql: `
CREATE INDEX ticket_code_folded ON ticket_code(upper(code));
`,
};
