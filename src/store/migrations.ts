import { resultsMigration } from './migrations/v6-results.js';
import { samplingMigration } from './migrations/v4-sampling.js';
import { retentionMigration } from './migrations/v7-retention.js';
import { placedPagesMigration } from './migrations/v8-placed-pages.js';
import { reviewQueuesMigration } from './migrations/v9-review-queues.js';
import { noneMigration } from './migrations/v5-none.js';
import { settingsJsonMigration } from './migrations/v10-settings-json.js';
import type { Migration } from './migrations/migration.js';
import { uploadNamesMigration } from './migrations/v11-upload-names.js';
import { markCutsMigration } from './migrations/v12-mark-cuts.js';
import { digitTrainingMigration } from './migrations/v13-digit-training.js';
import { officeTreeMigration } from './migrations/v14-office-tree.js';
import { procedureFieldsMigration } from './migrations/v15-procedure-fields.js';
import { portalRatingsMigration } from './migrations/v16-portal-ratings.js';
import { enumeratorsMigration } from './migrations/v17-enumerators.js';

export type { Migration };

/** Later migrations live beside their domain in `src/store/migrations/vN-*.ts`; this list is kept in version order. */
const CORE_MIGRATIONS: Migration[] = [
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
  {
    version: 3,
    name: 'accounts, sessions, station tokens, uploads and review work',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'scanner', 'reviewer', 'supervisor')),
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
      ) STRICT;

      -- Only a hash of the session id is kept, so a copy of the database opens no session. user_id is NULL before
      -- log-in: the anonymous session carries the CSRF token the log-in form must send.
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id INTEGER REFERENCES users(id),
        csrf_token TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sessions_by_user ON sessions (user_id);

      CREATE TABLE station_tokens (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
        revoked_at TEXT
      ) STRICT;

      -- Files received over HTTP: kept under a generated name; the name the sender gave is only ever shown as text.
      CREATE TABLE uploads (
        id INTEGER PRIMARY KEY,
        stored_name TEXT NOT NULL UNIQUE,
        original_name TEXT NOT NULL,
        size INTEGER NOT NULL,
        format TEXT NOT NULL,
        sha256 TEXT,
        uploaded_by TEXT NOT NULL,
        batch TEXT,
        status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'done', 'rejected')),
        error TEXT,
        pages INTEGER,
        received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
      ) STRICT;

      -- Everything people do to review items (resolve, refer, key a double entry, rotate, assign, reject): items per
      -- hour per reviewer and the history of an item come from here.
      CREATE TABLE review_actions (
        id INTEGER PRIMARY KEY,
        review_item_id INTEGER NOT NULL REFERENCES review_items(id),
        actor TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('resolved', 'referred', 'entered', 'rotated', 'assigned', 'rejected')),
        detail_json TEXT NOT NULL DEFAULT '{}',
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
      ) STRICT;
      CREATE INDEX review_actions_by_item ON review_actions (review_item_id, id);
      CREATE INDEX review_actions_by_actor ON review_actions (actor, at);

      -- A page that was not read as a form, put in its place by a person (the original read stays as it was).
      CREATE TABLE page_assignments (
        page_id INTEGER PRIMARY KEY REFERENCES pages(id),
        serial INTEGER NOT NULL REFERENCES forms(serial),
        page_number INTEGER NOT NULL,
        assigned_by TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
      ) STRICT;

      CREATE INDEX review_items_by_page ON review_items (page_id);
    `,
  },
  resultsMigration,
];

export const MIGRATIONS: Migration[] = [
  ...CORE_MIGRATIONS,
  samplingMigration,
  noneMigration,
  retentionMigration,
  placedPagesMigration,
  reviewQueuesMigration,
  settingsJsonMigration,
  uploadNamesMigration,
  markCutsMigration,
  digitTrainingMigration,
  officeTreeMigration,
  procedureFieldsMigration,
  portalRatingsMigration,
  enumeratorsMigration,
].sort((a, b) => a.version - b.version);

/** A gap would let a database skip a step for ever without anyone noticing: refuse to start with one. */
export function checkMigrationSequence(migrations: Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Các bước nâng cấp cơ sở dữ liệu không liền nhau: cần bước ${index + 1}, gặp bước ${migration.version} (${migration.name}).`);
    }
  });
}

checkMigrationSequence(MIGRATIONS);
