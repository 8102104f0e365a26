import type { Db } from './db.js';

/**
 * The form a person means by a number: its serial, or the case code it was printed for or that was written on it (read,
 * or typed by a reviewer). A register may write 000123.25.47 where the form has a box per digit: codes are compared by
 * their digits.
 */
export function findFormSerial(db: Db, typed: string): number | undefined {
  const digits = typed.replace(/\D/g, '');
  if (!digits) return undefined;
  const row = db
    .prepare(
      `SELECT serial FROM forms
       WHERE serial = CAST(@digits AS INTEGER) AND length(@digits) <= 15
          OR replace(replace(replace(case_code, '.', ''), '-', ''), ' ', '') = @digits
          OR serial IN (SELECT serial FROM corrections WHERE question_id = 'case_code' AND json_extract(value_json, '$') = @digits)
          OR serial IN (SELECT p.serial FROM pages p, json_each(p.read_json, '$.fields') f
                        WHERE p.outcome = 'read' AND json_extract(f.value, '$.questionId') = 'case_code' AND json_extract(f.value, '$.value') = @digits)
       ORDER BY serial = CAST(@digits AS INTEGER) DESC, serial LIMIT 1`,
    )
    .get({ digits }) as { serial: number } | undefined;
  return row?.serial;
}
