import type { Db } from './db.js';

export interface TextClipFilter {
  office?: string;
  questionId?: string;
  surveyId?: string;
  /**
   * Words in what a person typed for the answer, or else in what OCR read in it (case is ignored for ASCII letters
   * only: SQLite's LIKE).
   */
  text?: string;
  pageId?: number;
  /** `layoutHash/questionId` pairs never listed (names and addresses for roles without personal-data access). */
  exclude?: string[];
  limit?: number;
  offset?: number;
}

export interface TextClipRow {
  pageId: number;
  serial: number;
  questionId: string;
  surveyId: string;
  layoutHash: string;
  officeCode: string | null;
  officeName: string | null;
  scannedAt: string;
  /** The latest typing of the answer, or null when nobody typed it (image only, or still waiting). */
  typed: string | null;
  /** What OCR read in the zone (the suggestion, or for a zone kept as an image only its text to search by); unchecked. */
  machineText: string | null;
}

/** Written answers of read forms that have a clip: something is written in the zone. Newest scans first. */
export function findTextClips(db: Db, filter: TextClipFilter): TextClipRow[] {
  return db
    .prepare(
      `SELECT * FROM (
         SELECT p.id AS pageId, p.serial, json_extract(field.value, '$.questionId') AS questionId, p.survey_id AS surveyId, p.layout_hash AS layoutHash,
                f.office_code AS officeCode, o.name AS officeName, p.created_at AS scannedAt,
                (SELECT json_extract(c.value_json, '$') FROM corrections c WHERE c.serial = p.serial AND c.question_id = json_extract(field.value, '$.questionId') ORDER BY c.id DESC LIMIT 1) AS typed,
                NULLIF(COALESCE(json_extract(field.value, '$.searchText'), json_extract(field.value, '$.value')), '') AS machineText
         FROM pages p, json_each(p.read_json, '$.fields') field
         JOIN forms f ON f.serial = p.serial LEFT JOIN offices o ON o.code = f.office_code
         WHERE p.outcome = 'read' AND json_extract(field.value, '$.kind') = 'text' AND json_extract(field.value, '$.inked') = 1
           AND (@pageId IS NULL OR p.id = @pageId)
           AND (@office IS NULL OR f.office_code = @office)
           AND (@survey IS NULL OR p.survey_id = @survey)
       ) t
       WHERE (@question IS NULL OR t.questionId = @question)
         AND t.layoutHash || '/' || t.questionId NOT IN (SELECT value FROM json_each(@exclude))
         AND EXISTS (SELECT 1 FROM clips c WHERE c.page_id = t.pageId AND c.question_id = t.questionId)
         AND (@text IS NULL OR COALESCE(t.typed, t.machineText) LIKE '%' || @text || '%')
       ORDER BY t.pageId DESC, t.questionId
       LIMIT @limit OFFSET @offset`,
    )
    .all({
      pageId: filter.pageId ?? null,
      office: filter.office ?? null,
      survey: filter.surveyId ?? null,
      question: filter.questionId ?? null,
      exclude: JSON.stringify(filter.exclude ?? []),
      text: filter.text ?? null,
      limit: filter.limit ?? 100,
      offset: filter.offset ?? 0,
    }) as TextClipRow[];
}

/** Hashes of every layout printed here. */
export function layoutHashes(db: Db): string[] {
  return (db.prepare('SELECT hash FROM layouts').all() as { hash: string }[]).map((r) => r.hash);
}

/** Offices with forms read: what the clip browser's office menu offers. */
export function officesWithFormsRead(db: Db): { code: string; name: string }[] {
  return db
    .prepare(
      `SELECT DISTINCT f.office_code AS code, COALESCE(o.name, f.office_code) AS name
       FROM pages p JOIN forms f ON f.serial = p.serial LEFT JOIN offices o ON o.code = f.office_code
       WHERE p.outcome = 'read' AND f.office_code IS NOT NULL ORDER BY name`,
    )
    .all() as { code: string; name: string }[];
}
