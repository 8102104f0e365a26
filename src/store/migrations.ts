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
  {
    version: 2,
    name: 'scans, pages, original reads, review items and corrections',
    sql: `
      CREATE TABLE scan_files (
        sha256 TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('cli', 'hotFolder', 'upload', 'station')),
        batch TEXT,
        page_count INTEGER,
        status TEXT NOT NULL CHECK (status IN ('processing', 'done', 'rejected')),
        error TEXT,
        received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
        finished_at TEXT
      ) STRICT;

      -- One row per page of a file, written once when its read commits: the acknowledgement of that page.
      CREATE TABLE pages (
        id INTEGER PRIMARY KEY,
        file_sha256 TEXT NOT NULL REFERENCES scan_files(sha256),
        page_index INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN
          ('read', 'blank', 'unreadable', 'notOurForm', 'refused', 'wrongSurvey', 'unknownSerial', 'duplicate')),
        reason TEXT,
        serial INTEGER,
        page_number INTEGER,
        survey_id TEXT,
        layout_hash TEXT,
        read_json TEXT NOT NULL,
        image_file TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
        UNIQUE (file_sha256, page_index)
      ) STRICT;
      -- The first scan of a form's page counts; any later one (a rescan or a photocopy) is stored as a duplicate.
      CREATE UNIQUE INDEX pages_one_counted_per_form_page ON pages (serial, page_number) WHERE outcome = 'read';
      CREATE INDEX pages_by_serial ON pages (serial);

      CREATE TRIGGER pages_are_never_updated BEFORE UPDATE OF read_json, outcome, serial, page_number ON pages
      BEGIN SELECT RAISE(ABORT, 'original reads are never updated'); END;

      CREATE TABLE clips (
        page_id INTEGER NOT NULL REFERENCES pages(id),
        question_id TEXT NOT NULL,
        cell INTEGER NOT NULL DEFAULT -1,
        png BLOB NOT NULL,
        PRIMARY KEY (page_id, question_id, cell)
      ) STRICT;

      -- Work for people: a field in doubt, or a page that could not be matched to a form.
      CREATE TABLE review_items (
        id INTEGER PRIMARY KEY,
        page_id INTEGER NOT NULL REFERENCES pages(id),
        serial INTEGER,
        question_id TEXT,
        reason TEXT NOT NULL,
        priority REAL NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'referred')),
        claimed_by TEXT,
        claimed_until TEXT,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
      ) STRICT;
      CREATE INDEX review_items_open ON review_items (status, priority DESC);

      -- Append-only: the effective answer is the latest correction, else the original read.
      CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        serial INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        value_json TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        reason TEXT,
        review_item_id INTEGER REFERENCES review_items(id),
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
      ) STRICT;
      CREATE INDEX corrections_by_answer ON corrections (serial, question_id, id);
      CREATE TRIGGER corrections_are_append_only_u BEFORE UPDATE ON corrections
      BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
      CREATE TRIGGER corrections_are_append_only_d BEFORE DELETE ON corrections
      BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
    `,
  },
];
