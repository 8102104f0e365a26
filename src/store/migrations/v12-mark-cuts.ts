import type { Migration } from './migration.js';

/**
 * A batch of scans (the files of one `phieu scan` run, one upload, one hot-folder file) sets its own line between
 * empty and marked boxes (src/recognize/markCut.ts). The cuts are kept as a history: the latest of a batch is the one
 * in force, and every earlier one stays to say what was decided when and by whom.
 */
export const markCutsMigration: Migration = {
  version: 12,
  name: 'batches of scans and the mark cut each one sets',
  sql: `
    CREATE TABLE mark_batches (
      id INTEGER PRIMARY KEY,
      label TEXT,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
    ) STRICT;
    ALTER TABLE scan_files ADD COLUMN mark_batch INTEGER REFERENCES mark_batches(id);
    CREATE INDEX scan_files_by_mark_batch ON scan_files (mark_batch);

    CREATE TABLE mark_cuts (
      id INTEGER PRIMARY KEY,
      mark_batch INTEGER NOT NULL REFERENCES mark_batches(id),
      empty_below REAL NOT NULL,
      marked_from REAL NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('auto', 'supervisor')),
      set_by TEXT NOT NULL,
      at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
    ) STRICT;
    CREATE INDEX mark_cuts_by_batch ON mark_cuts (mark_batch, id);
  `,
};
