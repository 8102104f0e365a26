import type { Migration } from './migration.js';

/**
 * Results by procedure and by field (lĩnh vực). The register may give a case's field beside its procedure; an
 * electronic export may name both; and an office's list of procedures says which field each belongs to, for registers
 * and exports that name the procedure alone. Procedures are looked up by their name folded (no accents, case or
 * punctuation), as registers spell them in many ways.
 */
export const procedureFieldsMigration: Migration = {
  version: 15,
  name: 'procedure and field of cases and electronic answers, and the procedure list',
  sql: `
    ALTER TABLE register_cases ADD COLUMN field TEXT;
    ALTER TABLE electronic_responses ADD COLUMN procedure TEXT;
    ALTER TABLE electronic_responses ADD COLUMN field TEXT;

    CREATE TABLE procedures (
      name_key TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      field TEXT NOT NULL,
      actor TEXT NOT NULL,
      at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ'))
    ) STRICT;
  `,
};
