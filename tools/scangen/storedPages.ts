import type { Db } from '../../src/store/db.js';
import type { StoredPage } from './judge.js';

/** Every stored page with its file's name, to set against a generated batch's truth. */
export function storedPages(db: Db): StoredPage[] {
  const rows = db
    .prepare(
      `SELECT f.name AS file, p.page_index AS pageIndex, p.outcome, p.serial, p.page_number AS pageNumber, p.read_json AS readJson
       FROM pages p JOIN scan_files f ON f.sha256 = p.file_sha256`,
    )
    .all() as (Omit<StoredPage, 'read'> & { readJson: string })[];
  return rows.map(({ readJson, ...row }) => ({ ...row, read: JSON.parse(readJson) }));
}

/** A review item as ingest made it, named by its page's file and index; `questionId` is null for a page item. */
export interface StoredReviewItem {
  file: string;
  pageIndex: number;
  questionId: string | null;
  reasons: string[];
  queue: 'counting' | 'transcription';
}

/** Every review item with its page's file name and index, to set against a generated batch's truth. */
export function storedReviewItems(db: Db): StoredReviewItem[] {
  const rows = db
    .prepare(
      `SELECT f.name AS file, p.page_index AS pageIndex, r.question_id AS questionId, r.reason, r.queue
       FROM review_items r JOIN pages p ON p.id = r.page_id JOIN scan_files f ON f.sha256 = p.file_sha256 ORDER BY r.id`,
    )
    .all() as (Omit<StoredReviewItem, 'reasons'> & { reason: string })[];
  return rows.map(({ reason, ...row }) => ({ ...row, reasons: reason.split(',') }));
}
