import type { Db } from './db.js';

export interface OfficeProgress {
  officeCode: string | null;
  officeName: string | null;
  surveyId: string;
  printed: number;
  handedOut: number;
  scanned: number;
  /** Scanned forms with nothing left to review. */
  reviewed: number;
  waiting: number;
}

export interface QueueSizes {
  /** Counting-critical fields waiting: what keeps forms out of the results. */
  fields: number;
  /** Written text waiting to be typed. */
  transcription: number;
  referred: number;
  pages: number;
  resolved: number;
}

export function officeProgress(db: Db): OfficeProgress[] {
  return db
    .prepare(
      `WITH waiting AS (SELECT serial, COUNT(*) AS n FROM review_items WHERE status != 'resolved' AND serial IS NOT NULL GROUP BY serial)
       SELECT f.office_code AS officeCode, o.name AS officeName, f.survey_id AS surveyId,
              COUNT(*) AS printed,
              SUM(f.status IN ('handedOut', 'returned', 'scanned')) AS handedOut,
              SUM(f.status = 'scanned') AS scanned,
              SUM(f.status = 'scanned' AND w.n IS NULL) AS reviewed,
              COALESCE(SUM(w.n), 0) AS waiting
       FROM forms f LEFT JOIN offices o ON o.code = f.office_code LEFT JOIN waiting w ON w.serial = f.serial
       GROUP BY f.office_code, f.survey_id ORDER BY o.name, f.office_code, f.survey_id`,
    )
    .all() as OfficeProgress[];
}

export function queueSizes(db: Db): QueueSizes {
  return db
    .prepare(
      `SELECT COALESCE(SUM(status = 'open' AND question_id IS NOT NULL AND queue = 'counting'), 0) AS fields,
              COALESCE(SUM(status = 'open' AND queue = 'transcription'), 0) AS transcription,
              COALESCE(SUM(status = 'referred'), 0) AS referred,
              COALESCE(SUM(status != 'resolved' AND question_id IS NULL), 0) AS pages,
              COALESCE(SUM(status = 'resolved'), 0) AS resolved
       FROM review_items`,
    )
    .get() as QueueSizes;
}

/** Whether a reviewer holds an item now, or acted on it before: what lets them see it again. */
export function heldOrActedOn(db: Db, itemId: number, reviewer: string): boolean {
  return Boolean(
    db.prepare('SELECT 1 FROM review_items WHERE id = ? AND claimed_by = ?').get(itemId, reviewer) ||
      db.prepare('SELECT 1 FROM review_actions WHERE review_item_id = ? AND actor = ?').get(itemId, reviewer),
  );
}

/** What has open items, for the review screen's filter menus: offices, questions (with a layout to name them), reasons, batches. */
export function openItemFacets(db: Db): {
  offices: { code: string; name: string }[];
  questions: { id: string; hash: string }[];
  reasons: string[];
  batches: { name: string }[];
} {
  const rows = <T>(sql: string) => db.prepare(sql).all() as T[];
  return {
    offices: rows(
      `SELECT DISTINCT f.office_code AS code, COALESCE(o.name, f.office_code) AS name FROM review_items r JOIN forms f ON f.serial = r.serial LEFT JOIN offices o ON o.code = f.office_code WHERE r.status != 'resolved' AND f.office_code IS NOT NULL ORDER BY name`,
    ),
    questions: rows(
      `SELECT DISTINCT r.question_id AS id, f.layout_hash AS hash FROM review_items r JOIN forms f ON f.serial = r.serial WHERE r.status != 'resolved' AND r.question_id IS NOT NULL ORDER BY r.question_id`,
    ),
    reasons: [...new Set(rows<{ reason: string }>(`SELECT DISTINCT reason FROM review_items WHERE status != 'resolved' AND question_id IS NOT NULL`).flatMap((r) => r.reason.split(',')))].sort(),
    batches: rows(
      `SELECT DISTINCT sf.batch AS name FROM review_items r JOIN pages p ON p.id = r.page_id JOIN scan_files sf ON sf.sha256 = p.file_sha256 WHERE r.status != 'resolved' AND sf.batch IS NOT NULL ORDER BY sf.batch`,
    ),
  };
}
