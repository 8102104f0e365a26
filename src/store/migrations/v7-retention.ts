import type { Migration } from './migration.js';

/**
 * Retention: original reads and corrections stay unchangeable for everyone but the personal-data purge. The purge
 * writes a row into `purge_guard` inside its own transaction and removes it before committing, so the guard is
 * never visible to another connection and never outlives the purge; the triggers let writes through only while it
 * is there. Everything else about the triggers is as before.
 */
export const retentionMigration: Migration = {
  version: 7,
  name: 'personal-data purge: a guard the never-update triggers let through',
  sql: `
    CREATE TABLE purge_guard (
      id INTEGER PRIMARY KEY CHECK (id = 1)
    ) STRICT;

    DROP TRIGGER pages_are_never_updated;
    CREATE TRIGGER pages_are_never_updated BEFORE UPDATE OF read_json, outcome, serial, page_number ON pages
    WHEN NOT EXISTS (SELECT 1 FROM purge_guard)
    BEGIN SELECT RAISE(ABORT, 'original reads are never updated'); END;

    DROP TRIGGER corrections_are_append_only_u;
    CREATE TRIGGER corrections_are_append_only_u BEFORE UPDATE ON corrections
    WHEN NOT EXISTS (SELECT 1 FROM purge_guard)
    BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
  `,
};
