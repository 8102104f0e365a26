import type { Migration } from './migration.js';

export const resultsMigration: Migration = {
  version: 6,
  name: 'electronic responses and their imports, desk kiosks, the staff list',
  sql: `
    CREATE TABLE electronic_imports (
      id INTEGER PRIMARY KEY,
      file_name TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      mapping_id TEXT NOT NULL,
      source TEXT NOT NULL,
      source_name TEXT NOT NULL,
      survey_id TEXT NOT NULL,
      mapping_json TEXT NOT NULL,
      rows_read INTEGER NOT NULL,
      rows_kept INTEGER NOT NULL,
      rows_bad INTEGER NOT NULL,
      already_known INTEGER NOT NULL,
      actor TEXT NOT NULL,
      at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
      UNIQUE (sha256, mapping_id)
    ) STRICT;

    -- A desk kiosk, bound to one office and one survey by a token of which only a hash is kept.
    CREATE TABLE kiosks (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      office_code TEXT NOT NULL REFERENCES offices(code),
      survey_id TEXT NOT NULL,
      token_hash TEXT NOT NULL UNIQUE,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
      revoked_at TEXT
    ) STRICT;

    -- A response is known by its source and the id the source gave it (or a digest of it): importing an export
    -- again, or a later export that repeats earlier responses, adds nothing.
    CREATE TABLE electronic_responses (
      id INTEGER PRIMARY KEY,
      source TEXT NOT NULL,
      external_id TEXT NOT NULL,
      survey_id TEXT NOT NULL,
      office_code TEXT REFERENCES offices(code),
      case_code TEXT,
      phone TEXT,
      id_number TEXT,
      account TEXT,
      device TEXT,
      -- Vietnam local time, YYYY-MM-DDTHH:MM:SS.
      submitted_at TEXT NOT NULL,
      answers_json TEXT NOT NULL,
      import_id INTEGER REFERENCES electronic_imports(id),
      kiosk_id INTEGER REFERENCES kiosks(id),
      recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
      UNIQUE (source, external_id)
    ) STRICT;
    CREATE INDEX electronic_responses_by_case ON electronic_responses (survey_id, case_code);

    CREATE TABLE staff_imports (
      id INTEGER PRIMARY KEY,
      file_name TEXT NOT NULL,
      sha256 TEXT NOT NULL UNIQUE,
      rows_read INTEGER NOT NULL,
      rows_kept INTEGER NOT NULL,
      rows_bad INTEGER NOT NULL,
      actor TEXT NOT NULL,
      at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
    ) STRICT;

    -- Officials whose phone numbers, accounts and devices mark answers not given by a citizen.
    CREATE TABLE staff_members (
      id INTEGER PRIMARY KEY,
      name TEXT,
      office_name TEXT,
      phone TEXT,
      account TEXT,
      device TEXT,
      import_id INTEGER NOT NULL REFERENCES staff_imports(id)
    ) STRICT;
    CREATE UNIQUE INDEX staff_members_once ON staff_members (COALESCE(name, ''), COALESCE(phone, ''), COALESCE(account, ''), COALESCE(device, ''));
  `,
};
