import type { Migration } from './migration.js';

/**
 * What the digit recogniser learns from: each digit a reviewer typed for a written cell, with that cell's clip (a
 * copy: a page read again or purged loses its clips, the lesson stays); and the recognisers trained from them, the
 * latest being the one that reads (only a model that did better than its predecessor on held-out digits is kept).
 */
export const digitTrainingMigration: Migration = {
  version: 13,
  name: 'typed digits and retrained digit recognisers',
  sql: `
    CREATE TABLE digit_samples (
      id INTEGER PRIMARY KEY,
      review_item_id INTEGER NOT NULL,
      cell INTEGER NOT NULL,
      digit INTEGER NOT NULL CHECK (digit BETWEEN 0 AND 9),
      png BLOB NOT NULL,
      typed_by TEXT NOT NULL,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
      UNIQUE (review_item_id, cell)
    ) STRICT;

    CREATE TABLE digit_models (
      id INTEGER PRIMARY KEY,
      weights_json TEXT NOT NULL,
      trained_on INTEGER NOT NULL,
      held_out INTEGER NOT NULL,
      accuracy_before REAL NOT NULL,
      accuracy_after REAL NOT NULL,
      trained_by TEXT NOT NULL,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
    ) STRICT;
  `,
};
