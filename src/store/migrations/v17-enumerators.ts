import type { Migration } from './migration.js';

/**
 * Who carries which route of an office's list (a ward or commune of the members' addresses, by its key), and each
 * reprint of a form: same serial, a copy replacing one lost or spoiled before it came back.
 */
export const enumeratorsMigration: Migration = {
  version: 17,
  name: 'enumerators and reprints',
  sql: `
    CREATE TABLE route_assignments (
      draw_id INTEGER NOT NULL REFERENCES draws(id),
      office_code TEXT NOT NULL,
      route_key TEXT NOT NULL,
      enumerator TEXT NOT NULL CHECK (length(enumerator) BETWEEN 1 AND 80),
      assigned_by TEXT NOT NULL,
      at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
      PRIMARY KEY (draw_id, office_code, route_key)
    ) STRICT;

    CREATE TABLE form_reprints (
      id INTEGER PRIMARY KEY,
      serial INTEGER NOT NULL REFERENCES forms(serial),
      reason TEXT,
      actor TEXT NOT NULL,
      at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
    ) STRICT;
    CREATE INDEX form_reprints_by_serial ON form_reprints (serial);
  `,
};
