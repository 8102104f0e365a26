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
