import type { Migration } from './migration.js';

/**
 * Per-case ratings from the one-stop portal (Circular 01/2018/TT-VPCP): one rating per case, the latest by rating
 * date, so importing a file again or a later export repeating cases counts nothing twice.
 */
export const portalRatingsMigration: Migration = {
  version: 16,
  name: 'one-stop portal ratings by case',
  sql: `
    CREATE TABLE portal_imports (
      id INTEGER PRIMARY KEY,
      file_name TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      mapping_id TEXT NOT NULL,
      rows_read INTEGER NOT NULL,
      rows_kept INTEGER NOT NULL,
      rows_bad INTEGER NOT NULL,
      actor TEXT NOT NULL,
      at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
    ) STRICT;

    CREATE TABLE portal_ratings (
      case_code TEXT PRIMARY KEY,
      office_code TEXT NOT NULL REFERENCES offices(code),
      rated_at TEXT NOT NULL,
      level TEXT NOT NULL CHECK (level IN ('very-satisfied', 'satisfied', 'dissatisfied')),
      import_id INTEGER NOT NULL REFERENCES portal_imports(id)
    ) STRICT;
  `,
};
