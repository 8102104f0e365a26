import type { Db } from '../store/db.js';
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
