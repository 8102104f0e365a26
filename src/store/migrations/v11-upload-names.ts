import type { Migration } from './migration.js';

/**
 * Scans received over HTTP were recorded under the name they are kept by on disk (their sha256), which the scanning
 * and review screens then showed; they take the name their sender gave, as files received from now on do.
 */
export const uploadNamesMigration: Migration = {
  version: 11,
  name: 'uploaded scans named as their sender named them',
  sql: `
    UPDATE scan_files SET name = (SELECT u.original_name FROM uploads u WHERE u.stored_name = scan_files.name ORDER BY u.id LIMIT 1)
    WHERE source IN ('upload', 'station') AND EXISTS (SELECT 1 FROM uploads u WHERE u.stored_name = scan_files.name);
  `,
};
