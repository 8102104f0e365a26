import type { Migration } from './migration.js';

export const samplingMigration: Migration = {
  version: 4,
  name: 'register of finished cases, sample draws, field status and re-checks',
  sql: `
    CREATE TABLE register_imports (
      id INTEGER PRIMARY KEY,
      file_name TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      rows_read INTEGER NOT NULL,
      rows_kept INTEGER NOT NULL,
      rows_bad INTEGER NOT NULL,
      actor TEXT NOT NULL,
      at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
    ) STRICT;

    -- A case code is one case for ever: importing an updated register again keeps the first row and reports the rest.
    CREATE TABLE register_cases (
      case_code TEXT PRIMARY KEY,
      office_code TEXT NOT NULL REFERENCES offices(code),
      procedure TEXT,
      received_on TEXT,
      returned_on TEXT,
      name TEXT,
      phone TEXT,
      address TEXT,
      kind TEXT CHECK (kind IN ('individual', 'organisation')),
      import_id INTEGER NOT NULL REFERENCES register_imports(id)
    ) STRICT;
    CREATE INDEX register_cases_by_office ON register_cases (office_code, returned_on);

    CREATE TABLE draws (
      id INTEGER PRIMARY KEY,
      seed TEXT NOT NULL,
      params_json TEXT NOT NULL,
      period_from TEXT,
      period_to TEXT,
      actor TEXT NOT NULL,
      at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
    ) STRICT;

    CREATE TABLE draw_offices (
      draw_id INTEGER NOT NULL REFERENCES draws(id),
      office_code TEXT NOT NULL REFERENCES offices(code),
      cases INTEGER NOT NULL,
      people INTEGER NOT NULL,
      required INTEGER NOT NULL,
      short INTEGER NOT NULL,
      PRIMARY KEY (draw_id, office_code)
    ) STRICT;

    -- The official list and the reserve in drawn order. A reserve member joins the sample (in_sample = 1) when an
    -- official member is unreachable or refuses; replaces says whom they replace.
    CREATE TABLE sample_members (
      draw_id INTEGER NOT NULL REFERENCES draws(id),
      office_code TEXT NOT NULL,
      list TEXT NOT NULL CHECK (list IN ('official', 'reserve')),
      position INTEGER NOT NULL,
      case_code TEXT NOT NULL REFERENCES register_cases(case_code),
      in_sample INTEGER NOT NULL CHECK (in_sample IN (0, 1)),
      outcome TEXT CHECK (outcome IN ('unreachable', 'refused')),
      replaces TEXT,
      PRIMARY KEY (draw_id, office_code, list, position),
      UNIQUE (draw_id, case_code)
    ) STRICT;

    CREATE TABLE rechecks (
      serial INTEGER PRIMARY KEY REFERENCES forms(serial),
      phone TEXT NOT NULL,
      outcome TEXT CHECK (outcome IN ('confirmed', 'denied', 'noAnswer')),
      drawn_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),
      recorded_at TEXT,
      recorded_by TEXT
    ) STRICT;
  `,
};
