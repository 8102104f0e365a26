import type { Migration } from './migration.js';

/**
 * Number 5 was skipped when the migrations were first written, so no database was ever at it. The step changes
 * nothing; it is here so the sequence has no gap and a missing migration can be told from a skipped number.
 */
export const noneMigration: Migration = {
  version: 5,
  name: 'no change',
  sql: '',
};
