import type { KnownValues } from '../handwriting/knownValues.js';
import type { Db } from './db.js';

/**
 * What is known of a form's digit fields; the register's codes and phones only for a form with no case of its own that
 * has a case code or a phone to write. `formsPerPerson` is the counting rules' limit of forms a person counts for
 * (null: none).
 */
export function knownValuesOf(db: Db, serial: number, writes: { caseCode: boolean; phone: boolean }, formsPerPerson: number | null): KnownValues {
  const form = db
    .prepare('SELECT f.office_code AS office, f.survey_id AS survey, f.case_code AS caseCode, c.phone FROM forms f LEFT JOIN register_cases c ON c.case_code = f.case_code WHERE f.serial = ?')
    .get(serial) as { office: string | null; survey: string; caseCode: string | null; phone: string | null } | undefined;
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
  const phonesMatter = phonesMatterIn(db, serial, form.survey, formsPerPerson);
  return {
    ...(form.caseCode ? { caseCode: form.caseCode } : {}),
    ...(form.phone ? { phone: form.phone } : {}),
    ...(caseCodes?.length ? { caseCodes } : {}),
    ...(phones?.length ? { phones } : {}),
    ...(period ? { period } : {}),
    phonesMatter,
    // A form of no office takes its office from its case: every reading of the code matters then.
    ...(caseCodes?.length && form.office ? { casesMatter: casesMatterIn(db, serial, form.survey, phonesMatter) } : {}),
  };
}

/**
 * Whether any of these case codes on this form could change what is counted: another form of the survey (printed
 * for the case, or with the code written, read or typed) or an electronic answer carries it, or the register's phone
 * of the case matters. One query for all of a field's readings.
 */
function casesMatterIn(db: Db, serial: number, survey: string, phonesMatter: (phones: readonly string[]) => boolean): (caseCodes: readonly string[]) => boolean {
  const answered = db.prepare(
    `WITH wanted(code) AS (SELECT value FROM json_each(@codes))
     SELECT 1 FROM electronic_responses WHERE survey_id = @survey AND case_code IN wanted
     UNION ALL SELECT 1 FROM forms WHERE survey_id = @survey AND case_code IN wanted AND serial != @serial AND status = 'scanned'
     UNION ALL SELECT 1 FROM pages p, json_each(p.read_json, '$.fields') x
       WHERE p.outcome = 'read' AND p.survey_id = @survey AND p.serial != @serial AND json_extract(x.value, '$.value') IN wanted
     UNION ALL SELECT 1 FROM corrections c JOIN forms f ON f.serial = c.serial
       WHERE f.survey_id = @survey AND c.serial != @serial AND json_extract(c.value_json, '$') IN wanted
     LIMIT 1`,
  );
  const phonesOf = db.prepare('SELECT DISTINCT phone FROM register_cases WHERE case_code IN (SELECT value FROM json_each(?)) AND phone IS NOT NULL').pluck();
  return (caseCodes) => {
    // A code may be stored as the register spells it or as the digits written in the boxes.
    const codes = JSON.stringify([...new Set(caseCodes.flatMap((code) => [code, code.replace(/\D/g, '')]))]);
    return !!answered.get({ survey, serial, codes }) || phonesMatter(phonesOf.all(codes) as string[]);
  };
}

/**
 * Whether any of these phones on this form could change what is counted: a staff phone, or the survey's responses
 * already carrying it come within one of the forms-per-person limit (the counting rules apply it survey by survey). A
 * response carries a phone as the counting rules see it: its own, or its case's in the register (a kiosk's export has
 * no phone; a quick form's written code is a case, kept as its digits where the register writes dots), as read or as
 * a reviewer typed it — each response once. Every year and every past correction count, which only errs towards
 * asking a person.
 */
function phonesMatterIn(db: Db, serial: number, survey: string, limit: number | null): (phones: readonly string[]) => boolean {
  const staff = db.prepare('SELECT 1 FROM staff_members WHERE phone IN (SELECT value FROM json_each(?)) LIMIT 1');
  const mostForms = db
    .prepare(
      `WITH wanted(phone) AS (SELECT value FROM json_each(@phones)),
       electronic AS (SELECT * FROM electronic_responses WHERE survey_id = @survey),
       written(serial, value) AS MATERIALIZED (
         SELECT p.serial, json_extract(x.value, '$.value') FROM pages p, json_each(p.read_json, '$.fields') x
           WHERE p.outcome = 'read' AND p.survey_id = @survey AND p.serial != @serial
         UNION ALL SELECT c.serial, json_extract(c.value_json, '$') FROM corrections c JOIN forms f ON f.serial = c.serial
           WHERE f.survey_id = @survey AND c.serial != @serial),
       carried(phone, response) AS (
         SELECT e.phone, 'e' || e.id FROM electronic e WHERE e.phone IN wanted
         UNION ALL SELECT c.phone, 'e' || e.id FROM electronic e JOIN register_cases c ON c.case_code = e.case_code WHERE c.phone IN wanted
         UNION ALL SELECT c.phone, f.serial FROM forms f JOIN register_cases c ON c.case_code = f.case_code
           WHERE c.phone IN wanted AND f.survey_id = @survey AND f.serial != @serial AND f.status = 'scanned'
         UNION ALL SELECT w.value, w.serial FROM written w WHERE w.value IN wanted
         UNION ALL SELECT c.phone, w.serial FROM register_cases c JOIN written w ON w.value IN (c.case_code, replace(replace(replace(c.case_code, '.', ''), '-', ''), ' ', ''))
           WHERE c.phone IN wanted)
       SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(DISTINCT response) AS n FROM carried GROUP BY phone)`,
    )
    .pluck();
  return (phones) => {
    if (!phones.length) return false;
    const list = JSON.stringify(phones);
    return !!staff.get(list) || (limit !== null && (mostForms.get({ phones: list, serial, survey }) as number) + 1 >= limit);
  };
}
