import type { FormLayout } from '../layout/types.js';
import type { SurveyDefinition } from '../survey/schema.js';
import { audit, type Db } from './db.js';
import { parseStoredJson, parseStoredLayout, storedDefinition, storedJson } from './storedJson.js';

/** Records a layout so scans printed with it can be read later, whatever the definition becomes. */
export function saveLayout(db: Db, survey: SurveyDefinition, layout: FormLayout): void {
  db.prepare('INSERT OR IGNORE INTO layouts (hash, survey_id, definition_json, layout_json) VALUES (?, ?, ?, ?)').run(
    layout.hash,
    survey.id,
    JSON.stringify(survey),
    storedJson(layout),
  );
}

export function findLayout(db: Db, hash: string): { survey: SurveyDefinition; layout: FormLayout } | undefined {
  const row = db.prepare('SELECT definition_json, layout_json FROM layouts WHERE hash = ?').get(hash) as
    | { definition_json: string; layout_json: string }
    | undefined;
  const at = { table: 'layouts', row: hash };
  return row && { survey: parseStoredJson(row.definition_json, storedDefinition, at), layout: parseStoredLayout(row.layout_json, at) };
}

/** Forms given to respondents without going through the field statuses (the demo's enumerators). */
export function markFormsHandedOut(db: Db, serials: number[]): void {
  const handOut = db.prepare(`UPDATE forms SET status = 'handedOut' WHERE serial = ?`);
  db.transaction(() => serials.forEach((serial) => handOut.run(serial)))();
}

/** The survey a printed serial belongs to. */
export function surveyOfSerial(db: Db, serial: number): string | undefined {
  return (db.prepare('SELECT survey_id FROM forms WHERE serial = ?').get(serial) as { survey_id: string } | undefined)?.survey_id;
}

/** The procedures of the office a form was printed for, as the register names them: what its printed text may say. */
export function proceduresOfFormOffice(db: Db, serial: number): string[] {
  return (
    db
      .prepare(`SELECT DISTINCT c.procedure FROM forms f JOIN register_cases c ON c.office_code = f.office_code WHERE f.serial = ? AND c.procedure IS NOT NULL ORDER BY 1`)
      .all(serial) as { procedure: string }[]
  ).map((r) => r.procedure);
}

export interface PrintRunRequest {
  layoutHash: string;
  surveyId: string;
  kind: 'blank' | 'personalised';
  officeCode?: string;
  /** One entry per copy: the case a personalised copy is for, or null for a blank copy. */
  caseCodes: (string | null)[];
  fileName?: string;
}

export interface PrintRun {
  id: number;
  serials: number[];
}

/** Reserves a block of serials and records a form for each, in one transaction: serials never repeat. */
export function createPrintRun(db: Db, request: PrintRunRequest): PrintRun {
  return db.transaction((): PrintRun => {
    const count = request.caseCodes.length;
    const { next_serial: first } = db.prepare('SELECT next_serial FROM serial_counter WHERE id = 1').get() as { next_serial: number };
    db.prepare('UPDATE serial_counter SET next_serial = ? WHERE id = 1').run(first + count);
    const run = db
      .prepare('INSERT INTO print_runs (layout_hash, kind, office_code, first_serial, last_serial, file_name) VALUES (?, ?, ?, ?, ?, ?)')
      .run(request.layoutHash, request.kind, request.officeCode ?? null, first, first + count - 1, request.fileName ?? null);
    const id = Number(run.lastInsertRowid);
    const insert = db.prepare('INSERT INTO forms (serial, print_run_id, layout_hash, survey_id, office_code, case_code) VALUES (?, ?, ?, ?, ?, ?)');
    const serials = request.caseCodes.map((caseCode, i) => {
      insert.run(first + i, id, request.layoutHash, request.surveyId, request.officeCode ?? null, caseCode);
      return first + i;
    });
    return { id, serials };
  }).immediate();
}

/** A printed form as a reprint needs it: where it stands in the field and what its copy printed. */
export interface PrintedForm {
  serial: number;
  surveyId: string;
  layoutHash: string;
  status: string;
  /** Pages of it already read from scans: a copy came back. */
  pagesRead: number;
  officeName: string | null;
  caseCode: string | null;
  name: string | null;
  procedure: string | null;
}

export function printedForm(db: Db, serial: number): PrintedForm | undefined {
  return db
    .prepare(
      `SELECT f.serial, f.survey_id AS surveyId, f.layout_hash AS layoutHash, f.status, o.name AS officeName, f.case_code AS caseCode, c.name, c.procedure,
              (SELECT COUNT(*) FROM pages p WHERE p.serial = f.serial) AS pagesRead
       FROM forms f LEFT JOIN offices o ON o.code = f.office_code LEFT JOIN register_cases c ON c.case_code = f.case_code
       WHERE f.serial = ?`,
    )
    .get(serial) as PrintedForm | undefined;
}

/** Records one more reprint of a form, audited; returns which reprint it is (1 for the first). */
export function recordReprint(db: Db, request: { serial: number; reason: string | null; actor: string }): number {
  return db.transaction(() => {
    db.prepare('INSERT INTO form_reprints (serial, reason, actor) VALUES (?, ?, ?)').run(request.serial, request.reason, request.actor);
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM form_reprints WHERE serial = ?').get(request.serial) as { n: number };
    audit(db, request.actor, 'form.reprint', { serial: request.serial, reason: request.reason, reprint: n });
    return n;
  }).immediate();
}
