/**
 * Numbered schema migrations. Each runs once, inside a transaction, in order; `PRAGMA user_version` records the last
 * one applied. Never edit a migration that has shipped: add a new one.
 */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'surveys, print runs and forms',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE offices (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        level TEXT
      ) STRICT;

      -- One row per layout ever printed: a QR's layout hash finds the geometry it was printed with.
      CREATE TABLE layouts (
        hash TEXT PRIMARY KEY,
        survey_id TEXT NOT NULL,
        definition_json TEXT NOT NULL,
        layout_json TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
      ) STRICT;

      CREATE TABLE print_runs (
        id INTEGER PRIMARY KEY,
        layout_hash TEXT NOT NULL REFERENCES layouts(hash),
        kind TEXT NOT NULL CHECK (kind IN ('blank', 'personalised')),
        office_code TEXT,
        first_serial INTEGER NOT NULL,
        last_serial INTEGER NOT NULL,
        file_name TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
      ) STRICT;

      -- Serials are handed out from here and never reused, even when a print run fails halfway.
      CREATE TABLE serial_counter (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        next_serial INTEGER NOT NULL
      ) STRICT;
      INSERT INTO serial_counter (id, next_serial) VALUES (1, 1);

      CREATE TABLE forms (
        serial INTEGER PRIMARY KEY,
        print_run_id INTEGER NOT NULL REFERENCES print_runs(id),
        layout_hash TEXT NOT NULL REFERENCES layouts(hash),
        survey_id TEXT NOT NULL,
        office_code TEXT,
        case_code TEXT,
        status TEXT NOT NULL DEFAULT 'printed'
          CHECK (status IN ('printed', 'handedOut', 'returned', 'refused', 'unreachable', 'scanned')),
        status_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
      ) STRICT;
      CREATE INDEX forms_by_office ON forms (office_code, survey_id);
      CREATE INDEX forms_by_case ON forms (case_code);

      CREATE TABLE audit_events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail_json TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
    `,
  },
];
