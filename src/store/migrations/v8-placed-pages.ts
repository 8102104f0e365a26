import type { Migration } from './migration.js';

/**
 * A page a person places on a form is read again from the original scan as that form's page, and becomes the form's
 * read page: its row takes the new read, so answers, review and results need nothing else. What the row held before
 * (outcome, reason, what its code said, the read and the image) moves into the page's assignment first; the trigger
 * lets a page's row change only that once, from a page not read to a read page, and only with its original kept.
 */
export const placedPagesMigration: Migration = {
  version: 8,
  name: 'placed pages are read again: the original read kept with the assignment',
  sql: `
    ALTER TABLE page_assignments ADD COLUMN original_outcome TEXT;
    ALTER TABLE page_assignments ADD COLUMN original_reason TEXT;
    ALTER TABLE page_assignments ADD COLUMN original_serial INTEGER;
    ALTER TABLE page_assignments ADD COLUMN original_page_number INTEGER;
    ALTER TABLE page_assignments ADD COLUMN original_survey_id TEXT;
    ALTER TABLE page_assignments ADD COLUMN original_layout_hash TEXT;
    ALTER TABLE page_assignments ADD COLUMN original_read_json TEXT;
    ALTER TABLE page_assignments ADD COLUMN original_image_file TEXT;

    DROP TRIGGER pages_are_never_updated;
    CREATE TRIGGER pages_are_never_updated BEFORE UPDATE OF read_json, outcome, serial, page_number ON pages
    WHEN NOT EXISTS (SELECT 1 FROM purge_guard)
      AND NOT (OLD.outcome <> 'read' AND NEW.outcome = 'read' AND EXISTS (
        SELECT 1 FROM page_assignments a WHERE a.page_id = OLD.id AND a.original_outcome = OLD.outcome AND a.original_read_json = OLD.read_json))
    BEGIN SELECT RAISE(ABORT, 'original reads are never updated'); END;
  `,
};
