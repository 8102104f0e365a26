import type { Migration } from './migration.js';

/**
 * Offices as a tree a planner keeps: a parent (a commune's one-stop desk under its commune, a department's branch
 * under the department) and the days it was active. Levels stay what each office had; a district (huyện) office is
 * kept, for the registers and answers that name it, but ends on 30 June 2025: district-level authorities no longer
 * exist from 1 July 2025, so none of them may be active after it.
 */
export const officeTreeMigration: Migration = {
  version: 14,
  name: 'office tree: parent, active from and to',
  sql: `
    ALTER TABLE offices ADD COLUMN parent TEXT REFERENCES offices(code);
    ALTER TABLE offices ADD COLUMN active_from TEXT;
    ALTER TABLE offices ADD COLUMN active_to TEXT;
    UPDATE offices SET active_to = '2025-06-30' WHERE level = 'huyện';
  `,
};
