import type { Migration } from './index';

/**
 * Pinyin sort keys for the virtualised roster table and bulk badge printing, each with the index its sort walks.
 * Keys are written by the roster repository; a writer that changes a name without them leaves NULL, filled before the next list.
 */
export const migration004: Migration = {
  version: 4,
  name: 'roster sort keys',
  sql: `
ALTER TABLE attendee ADD COLUMN name_sort TEXT;
ALTER TABLE attendee ADD COLUMN org_sort TEXT;

CREATE INDEX attendee_name_sort ON attendee(name_sort, id);
CREATE INDEX attendee_org_sort ON attendee(org_sort, name_sort, id);
CREATE INDEX attendee_category_sort ON attendee(category_id, name_sort, id);
CREATE INDEX attendee_created ON attendee(created_at, id);

CREATE TRIGGER attendee_sort_stale AFTER UPDATE OF name_zh, name_en, org_zh, org_en ON attendee
  WHEN (new.name_zh IS NOT old.name_zh OR new.name_en IS NOT old.name_en OR new.org_zh IS NOT old.org_zh OR new.org_en IS NOT old.org_en)
    AND new.name_sort IS old.name_sort AND new.org_sort IS old.org_sort
BEGIN
  UPDATE attendee SET name_sort = NULL, org_sort = NULL WHERE id = new.id;
END;
`,
};
