import type { KnownValues } from '../handwriting/knownValues.js';
import type { Db } from './db.js';

/**
 * What is known of a form's digit fields; the register's codes and phones only for a form with no case of its own that
 * has a case code or a phone to write. `formsPerPerson` is the counting rules' limit of forms a person counts for
 * (null: none).
 */
export function knownValuesOf(db: Db, serial: number, writes: { caseCode: boolean; phone: boolean }, formsPerPerson: number | null): KnownValues {
  const form = db.prepare('SELECT f.office_code AS office, f.case_code AS caseCode, c.phone FROM forms f LEFT JOIN register_cases c ON c.case_code = f.case_code WHERE f.serial = ?').get(serial) as
    | { office: string | null; caseCode: string | null; phone: string | null }
    | undefined;
  if (!form) return {};
  const period = form.office
    ? (db
        .prepare('SELECT d.period_from AS "from", d.period_to AS "to" FROM draws d JOIN draw_offices x ON x.draw_id = d.id WHERE x.office_code = ? ORDER BY d.id DESC LIMIT 1')
        .get(form.office) as { from: string | null; to: string | null } | undefined)
    : undefined;
  const registerOf = (column: 'case_code' | 'phone') =>
    (
      (form.office
        ? db.prepare(`SELECT DISTINCT ${column} AS value FROM register_cases WHERE office_code = ? AND ${column} IS NOT NULL`).all(form.office)
        : db.prepare(`SELECT DISTINCT ${column} AS value FROM register_cases WHERE ${column} IS NOT NULL`).all()) as { value: string }[]
    ).map((r) => r.value);
  const caseCodes = form.caseCode || !writes.caseCode ? undefined : registerOf('case_code');
  const phones = form.caseCode || !writes.phone ? undefined : registerOf('phone');
  return {
    ...(form.caseCode ? { caseCode: form.caseCode } : {}),
    ...(form.phone ? { phone: form.phone } : {}),
    ...(caseCodes?.length ? { caseCodes } : {}),
    ...(phones?.length ? { phones } : {}),
    ...(period ? { period } : {}),
    phoneMatters: phoneMattersIn(db, serial, formsPerPerson),
  };
}

/**
 * Whether a phone on this form could change what is counted: it is a staff phone, or forms already carrying it come
 * within one of the forms-per-person limit (counted over every year, which only errs towards asking a person).
 */
function phoneMattersIn(db: Db, serial: number, limit: number | null): (phone: string) => boolean {
  const staff = db.prepare('SELECT 1 FROM staff_members WHERE phone = ? LIMIT 1');
  const forms = db.prepare(
    `SELECT (SELECT COUNT(*) FROM electronic_responses WHERE phone = @phone)
          + (SELECT COUNT(*) FROM forms f JOIN register_cases c ON c.case_code = f.case_code WHERE c.phone = @phone AND f.serial != @serial AND f.status = 'scanned')
          + (SELECT COUNT(DISTINCT p.serial) FROM pages p, json_each(p.read_json, '$.fields') x
             WHERE p.outcome = 'read' AND p.serial != @serial AND json_extract(x.value, '$.value') = @phone) AS n`,
  );
  return (phone) => !!staff.get(phone) || (limit !== null && (forms.get({ phone, serial }) as { n: number }).n + 1 >= limit);
}
