import type { Migration } from './migration.js';

/** Every setting is now JSON read through its check (store/settings.ts); double entry was kept as the words on/off. */
export const settingsJsonMigration: Migration = {
  version: 10,
  name: 'double entry setting as JSON',
  sql: `UPDATE settings SET value = CASE value WHEN 'on' THEN 'true' ELSE 'false' END WHERE key = 'review.doubleEntry';`,
};
