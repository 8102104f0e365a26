import type { Migration } from './migration.js';

/**
 * Review items in two queues (src/review/reviewQueue.ts): free text is `transcription`, everything else `counting`.
 * Items stored before are sorted by the kind of the field their page read.
 */
export const reviewQueuesMigration: Migration = {
  version: 9,
  name: 'review items in a counting and a transcription queue',
  sql: `
    ALTER TABLE review_items ADD COLUMN queue TEXT NOT NULL DEFAULT 'counting' CHECK (queue IN ('counting', 'transcription'));
    UPDATE review_items SET queue = 'transcription'
    WHERE question_id IS NOT NULL AND EXISTS (
      SELECT 1 FROM pages p, json_each(p.read_json, '$.fields') f
      WHERE p.id = review_items.page_id AND json_extract(f.value, '$.questionId') = review_items.question_id AND json_extract(f.value, '$.kind') = 'text'
    );
    CREATE INDEX review_items_by_queue ON review_items (queue, status, priority DESC);
  `,
};
