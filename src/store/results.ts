import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PhieuError } from '../errors/errorTable.js';
import { checkCaseCode, kioskAnswers } from '../electronic/kioskAnswers.js';
import type { ElectronicMapping } from '../electronic/mapping.js';
import { recordMapper, type ElectronicResponse, type RowIssue } from '../electronic/mapRecord.js';
import { readExport } from '../io/electronicExport.js';
import { parseStaffRow, STAFF_FIELD_LABELS, STAFF_HEADERS, staffColumns, staffMemberKey } from '../electronic/staffRow.js';
import { vietnamTime } from '../electronic/time.js';
import { openRegisterTable } from '../io/registerFile.js';
import { buildReport, checkReportQuery, mergeResults, type ReportQuery, type ResultsInput, type ResultsReport } from '../results/buildReport.js';
import type { ResponseOutcome } from '../results/reasons.js';
import { parseResultSettings, type ResultSettings } from '../results/settings.js';
import type { ResponseRecord, StaffList } from '../results/types.js';
import type { Cell, RowError } from '../sampling/registerRow.js';
import { questionsOf, type SurveyDefinition } from '../survey/schema.js';
import { effectiveAnswers } from './answers.js';
import { audit, type Db } from './db.js';
import { readSetting, writeSetting, type Setting } from './settings.js';
import { procedureList } from './procedures.js';
import { officeNamed } from './sampling.js';

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

export interface ElectronicImportReport {
  file: string;
  source: string;
  /** The same file was imported with the same mapping before, whole: nothing was added. */
  alreadyImported: boolean;
  rowsRead: number;
  kept: number;
  /** Responses already stored from an earlier export (kept as they were). */
  alreadyKnown: number;
  /** Rows refused (errors) and cells dropped or counted invalid (warnings), by row and column. */
  issues: RowIssue[];
  /** Rows without errors; stored only when the file had none or a partial import was accepted. */
  goodRows: number;
  /** False when the file had refused rows and a partial import was not accepted: nothing of it was stored. */
  stored: boolean;
  /** Offices the export names that phieu does not have (their rows are refused until the register brings them). */
  unknownOffices: { code: string; name: string | null }[];
}

/**
 * Imports an electronic export through its mapping in one transaction. Bad rows, and rows of offices phieu does not
 * have, are reported by row, column and reason; a file with any stores nothing unless `acceptPartial` says to store
 * its good rows. Importing the same file again, or a later export repeating responses, changes nothing.
 */
export async function importElectronic(
  db: Db,
  file: string,
  mapping: ElectronicMapping,
  survey: SurveyDefinition,
  options: { actor: string; acceptPartial?: boolean },
): Promise<ElectronicImportReport> {
  const name = path.basename(file);
  const sha256 = sha256Of(file);
  const base = { file: name, source: mapping.source, rowsRead: 0, kept: 0, alreadyKnown: 0, issues: [], goodRows: 0, unknownOffices: [] };
  // A file imported only in part may be imported again once its offices exist.
  if (db.prepare('SELECT 1 FROM electronic_imports WHERE sha256 = ? AND mapping_id = ? AND rows_bad = 0').get(sha256, mapping.id)) return { ...base, alreadyImported: true, stored: true };
  // Mapping is pure and reads as the file streams; storing is one synchronous transaction over the results.
  const mapRecord = recordMapper(mapping, survey);
  let rowsRead = 0;
  const issues: RowIssue[] = [];
  const good: ElectronicResponse[] = [];
  const firstRowOf = new Map<string, number>();
  const officeKnown = db.prepare('SELECT 1 FROM offices WHERE code = ?');
  const unknownOffices = new Map<string, string | null>();
  for await (const record of readExport(file, mapping)) {
    rowsRead++;
    const { response, issues: rowIssues } = mapRecord(record);
    issues.push(...rowIssues);
    if (!response) continue;
    const firstRow = firstRowOf.get(response.externalId);
    if (firstRow !== undefined) {
      issues.push({ row: record.row, column: mapping.fields.responseId ?? '(cả dòng)', reason: `trùng với phản hồi ở dòng ${firstRow}`, severity: 'error' });
      continue;
    }
    firstRowOf.set(response.externalId, record.row);
    if (response.officeCode && !officeKnown.get(response.officeCode)) {
      unknownOffices.set(response.officeCode, response.officeName);
      const named = response.officeName ? `"${response.officeName}" (${response.officeCode})` : `"${response.officeCode}"`;
      issues.push({ row: record.row, column: mapping.fields.office ?? 'cơ quan', reason: `cơ quan ${named} chưa có trong danh sách cơ quan: nhập sổ hồ sơ có cơ quan này trước`, severity: 'error' });
      continue;
    }
    good.push(response);
  }
  const bad = new Set(issues.filter((i) => i.severity === 'error').map((i) => i.row)).size;
  const report = { ...base, rowsRead, issues, goodRows: good.length, unknownOffices: [...unknownOffices].map(([code, officeName]) => ({ code, name: officeName })) };
  if (bad && !options.acceptPartial) return { ...report, alreadyImported: false, stored: false };
  const seenBefore = Boolean(db.prepare('SELECT 1 FROM electronic_imports WHERE sha256 = ? AND mapping_id = ?').get(sha256, mapping.id));
  let kept = 0;
  let alreadyKnown = 0;
  db.transaction(() => {
    // A file imported in part before keeps its one import record: what it stores now counts there too.
    const importId = Number(
      (db
        .prepare(
          `INSERT INTO electronic_imports (file_name, sha256, mapping_id, source, source_name, survey_id, mapping_json, rows_read, rows_kept, rows_bad, already_known, actor)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)
           ON CONFLICT (sha256, mapping_id) DO UPDATE SET actor = excluded.actor, at = excluded.at RETURNING id`,
        )
        .get(name, sha256, mapping.id, mapping.source, mapping.name, survey.id, JSON.stringify(mapping), options.actor) as { id: number }).id,
    );
    const insert = db.prepare(
      `INSERT INTO electronic_responses (source, external_id, survey_id, office_code, case_code, phone, id_number, account, device, submitted_at, procedure, field, answers_json, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, external_id) DO NOTHING`,
    );
    for (const response of good) {
      const { changes } = insert.run(
        response.source, response.externalId, response.surveyId, response.officeCode, response.caseCode, response.phone, response.idNumber,
        response.account, response.device, response.submittedAt, response.procedure, response.field, JSON.stringify(response.answers), importId,
      );
      if (changes) kept++;
      else alreadyKnown++;
    }
    db.prepare('UPDATE electronic_imports SET rows_read = ?, rows_kept = (SELECT COUNT(*) FROM electronic_responses WHERE import_id = ?), rows_bad = ?, already_known = ? WHERE id = ?').run(
      rowsRead, importId, bad, alreadyKnown, importId,
    );
    audit(db, options.actor, 'electronic.import', { file: name, sha256, mapping: mapping.id, rows: rowsRead, kept, bad, alreadyKnown });
  }).immediate();
  return { ...report, alreadyImported: seenBefore && kept === 0, stored: true, kept, alreadyKnown };
}

export interface StaffImportReport {
  file: string;
  alreadyImported: boolean;
  rowsRead: number;
  kept: number;
  alreadyKnown: number;
  bad: RowError[];
}

/** Adds the officials of a staff list (CSV or XLSX); a member already listed, however spelt (`staffMemberKey`), is not added twice. */
export async function importStaff(db: Db, file: string, options: { actor: string }): Promise<StaffImportReport> {
  const name = path.basename(file);
  const sha256 = sha256Of(file);
  const base = { file: name, rowsRead: 0, kept: 0, alreadyKnown: 0, bad: [] };
  if (db.prepare('SELECT 1 FROM staff_imports WHERE sha256 = ?').get(sha256)) return { ...base, alreadyImported: true };
  const table = await openRegisterTable(file, STAFF_HEADERS);
  const columns = staffColumns(table.headers);
  if (columns.phone === undefined && columns.account === undefined && columns.device === undefined) {
    await table.close();
    throw new PhieuError('tableMissingColumns', { file: name, columns: [STAFF_FIELD_LABELS.phone, STAFF_FIELD_LABELS.account, STAFF_FIELD_LABELS.device], headerRow: table.headerRow });
  }
  const rows: { row: number; cells: Cell[] }[] = [];
  for await (const row of table.rows) rows.push(row);
  const bad: RowError[] = [];
  let kept = 0;
  db.transaction(() => {
    const importId = Number(db.prepare('INSERT INTO staff_imports (file_name, sha256, rows_read, rows_kept, rows_bad, actor) VALUES (?, ?, 0, 0, 0, ?)').run(name, sha256, options.actor).lastInsertRowid);
    const insert = db.prepare(
      `INSERT INTO staff_members (name, office_name, phone, account, device, import_id) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (COALESCE(name, ''), COALESCE(phone, ''), COALESCE(account, ''), COALESCE(device, '')) DO NOTHING`,
    );
    const known = new Set((db.prepare('SELECT name, phone, account, device FROM staff_members').all() as Parameters<typeof staffMemberKey>[0][]).map(staffMemberKey));
    for (const { row, cells } of rows) {
      const { value, errors } = parseStaffRow(cells, columns, row);
      if (!value) {
        bad.push(...errors);
        continue;
      }
      if (known.has(staffMemberKey(value))) continue;
      known.add(staffMemberKey(value));
      kept += insert.run(value.name, value.officeName, value.phone, value.account, value.device, importId).changes;
    }
    db.prepare('UPDATE staff_imports SET rows_read = ?, rows_kept = ?, rows_bad = ? WHERE id = ?').run(rows.length, kept, bad.length, importId);
    audit(db, options.actor, 'staff.import', { file: name, sha256, rows: rows.length, kept, bad: bad.length });
  }).immediate();
  return { ...base, alreadyImported: false, rowsRead: rows.length, kept, alreadyKnown: rows.length - kept - new Set(bad.map((b) => b.row)).size, bad };
}

export function staffList(db: Db): StaffList {
  const rows = db.prepare('SELECT phone, account, device FROM staff_members').all() as { phone: string | null; account: string | null; device: string | null }[];
  const values = (key: 'phone' | 'account' | 'device') => rows.map((r) => r[key]).filter((v): v is string => v !== null);
  return { phones: new Set(values('phone')), accounts: new Set(values('account').map((a) => a.toLowerCase())), devices: new Set(values('device')) };
}

export interface Kiosk {
  id: number;
  name: string;
  officeCode: string;
  surveyId: string;
}

/** A kiosk for a desk: the token is shown once (only its hash is kept) and binds the kiosk to its office and survey. */
export function createKiosk(db: Db, request: { name: string; officeCode: string; surveyId: string; actor: string }): { kiosk: Kiosk; token: string } {
  officeNamed(db, request.officeCode);
  const token = `kio_${randomBytes(24).toString('base64url')}`;
  const id = Number(
    db.prepare('INSERT INTO kiosks (name, office_code, survey_id, token_hash, created_by) VALUES (?, ?, ?, ?, ?)').run(request.name, request.officeCode, request.surveyId, tokenHash(token), request.actor)
      .lastInsertRowid,
  );
  audit(db, request.actor, 'kiosk.create', { id, name: request.name, officeCode: request.officeCode, surveyId: request.surveyId });
  return { kiosk: { id, name: request.name, officeCode: request.officeCode, surveyId: request.surveyId }, token };
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The kiosk a token opens, unless it was revoked. */
export function kioskByToken(db: Db, token: string): Kiosk | undefined {
  return db
    .prepare('SELECT id, name, office_code AS officeCode, survey_id AS surveyId FROM kiosks WHERE token_hash = ? AND revoked_at IS NULL')
    .get(tokenHash(token)) as Kiosk | undefined;
}

/** Every kiosk with its office, for the administration screen; revoked ones say when. */
export function listKiosks(db: Db): (Kiosk & { officeName: string; createdAt: string; revokedAt: string | null })[] {
  return db
    .prepare(
      `SELECT k.id, k.name, k.office_code AS officeCode, o.name AS officeName, k.survey_id AS surveyId, k.created_at AS createdAt, k.revoked_at AS revokedAt
       FROM kiosks k JOIN offices o ON o.code = k.office_code ORDER BY k.id`,
    )
    .all() as (Kiosk & { officeName: string; createdAt: string; revokedAt: string | null })[];
}

export function revokeKiosk(db: Db, id: number, actor: string): void {
  if (!db.prepare('SELECT 1 FROM kiosks WHERE id = ?').get(id)) throw new PhieuError('kioskNotFound', {});
  db.prepare(`UPDATE kiosks SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ') WHERE id = ? AND revoked_at IS NULL`).run(id);
  audit(db, actor, 'kiosk.revoke', { id });
}

/**
 * Whether a case already has an answer to a survey: electronically, or on a paper form of it with a page read. The
 * kiosk asks before the citizen starts, so nobody answers twenty questions only to be refused at the end.
 */
export function caseAnswered(db: Db, surveyId: string, caseCode: string): boolean {
  return Boolean(
    db
      .prepare(
        `SELECT 1 FROM electronic_responses WHERE survey_id = @survey AND case_code = @case
         UNION ALL SELECT 1 FROM forms f WHERE f.survey_id = @survey AND f.case_code = @case AND EXISTS (SELECT 1 FROM pages p WHERE p.serial = f.serial AND p.outcome = 'read')`,
      )
      .get({ survey: surveyId, case: caseCode }),
  );
}

/**
 * Stores one answer given at a desk kiosk as an electronic response of source "kiosk". A case already answered
 * (electronically, or on a scanned paper form of the same survey) is refused with `caseAlreadyAnswered`, so the
 * kiosk can thank the citizen instead; bad answers are refused with `invalidAnswer`.
 */
export function recordElectronicResponse(
  db: Db,
  request: { kiosk: Kiosk; survey: SurveyDefinition; caseCode: string; answers: Record<string, unknown>; at?: Date },
): { id: number; externalId: string } {
  if (request.survey.id !== request.kiosk.surveyId) throw new PhieuError('wrongSurvey', { survey: request.kiosk.surveyId });
  const caseCode = checkCaseCode(request.caseCode);
  const answers = kioskAnswers(request.survey, request.answers);
  const caseQuestion = questionsOf(request.survey).find((q) => q.kind === 'digits' && q.format === 'caseCode');
  if (caseQuestion && answers[caseQuestion.id] === undefined) answers[caseQuestion.id] = caseCode;
  return db.transaction(() => {
    if (caseAnswered(db, request.survey.id, caseCode)) throw new PhieuError('caseAlreadyAnswered', { caseCode });
    const externalId = randomUUID();
    const id = Number(
      db
        .prepare(
          `INSERT INTO electronic_responses (source, external_id, survey_id, office_code, case_code, device, submitted_at, answers_json, kiosk_id)
           VALUES ('kiosk', ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(externalId, request.survey.id, request.kiosk.officeCode, caseCode, `kiosk-${request.kiosk.id}`, vietnamTime(request.at ?? new Date()), JSON.stringify(answers), request.kiosk.id).lastInsertRowid,
    );
    return { id, externalId };
  }).immediate();
}

const RESULT_SETTINGS: Setting<ResultSettings> = { key: 'results.settings', parse: parseResultSettings, unset: {} };

/** The counting rules and formula in force (defaults where never set). */
export function resultSettings(db: Db): ResultSettings {
  return readSetting(db, RESULT_SETTINGS);
}

export function saveResultSettings(db: Db, settings: unknown, actor: string): ResultSettings {
  return writeSetting(db, RESULT_SETTINGS, settings, actor);
}

/** Phones count as one identifier whichever way they were written. */
const phonesOf = (...phones: (string | null | undefined)[]) => [...new Set(phones.filter((p): p is string => !!p))];

/**
 * Paper forms of a survey with at least one page read, as response records: effective answers (corrections over
 * reads), pending while a counting-critical review item is open or a page is missing (text waiting to be typed does
 * not hold a form back); the office, phone and date from the form, else
 * its case in the register.
 */
export function paperResponses(db: Db, survey: SurveyDefinition): ResponseRecord[] {
  const forms = db
    .prepare(
      `SELECT f.serial, f.office_code AS officeCode, f.case_code AS caseCode, r.outcome AS recheck,
              MIN(p.created_at) AS scannedAt, COUNT(DISTINCT p.page_number) AS pagesRead, MAX(json_extract(p.read_json, '$.qr.pageCount')) AS pageCount,
              EXISTS (SELECT 1 FROM review_items i WHERE i.serial = f.serial AND i.status IN ('open', 'referred') AND i.queue = 'counting') AS openItems
       FROM forms f JOIN pages p ON p.serial = f.serial AND p.outcome = 'read'
       LEFT JOIN rechecks r ON r.serial = f.serial
       WHERE f.survey_id = ? GROUP BY f.serial ORDER BY f.serial`,
    )
    .all(survey.id) as { serial: number; officeCode: string | null; caseCode: string | null; recheck: ResponseRecord['recheck']; scannedAt: string; pagesRead: number; pageCount: number | null; openItems: number }[];
  const caseOf = db.prepare('SELECT office_code AS officeCode, phone, name, address, returned_on AS returnedOn, procedure, field FROM register_cases WHERE case_code = ?');
  const byForm = new Map<number, { answers: Record<string, ResponseRecord['answers'][string]>; needsReview: boolean }>();
  for (const a of effectiveAnswers(db, { surveyId: survey.id })) {
    let form = byForm.get(a.serial);
    if (!form) byForm.set(a.serial, (form = { answers: {}, needsReview: false }));
    form.answers[a.questionId] = a.value;
    if (a.state === 'needsReview' && a.queue === 'counting') form.needsReview = true;
  }
  const questions = questionsOf(survey);
  const phoneQuestion = questions.find((q) => q.kind === 'digits' && q.format === 'phone');
  const caseQuestion = questions.find((q) => q.kind === 'digits' && q.format === 'caseCode');
  const dateQuestion = questions.find((q) => q.kind === 'date');
  return forms.map((f) => {
    const { answers, needsReview } = byForm.get(f.serial) ?? { answers: {}, needsReview: false };
    const written = (q: typeof phoneQuestion) => (q && typeof answers[q.id] === 'string' && answers[q.id] !== '' ? (answers[q.id] as string) : null);
    const caseCode = f.caseCode ?? written(caseQuestion);
    const registered = caseCode
      ? (caseOf.get(caseCode) as { officeCode: string; phone: string | null; name: string | null; address: string | null; returnedOn: string | null; procedure: string | null; field: string | null } | undefined)
      : undefined;
    const ownPhone = written(phoneQuestion);
    return {
      key: `paper:${f.serial}`,
      channel: 'paper',
      source: 'paper',
      surveyId: survey.id,
      officeCode: f.officeCode ?? registered?.officeCode ?? null,
      caseCode,
      phones: phonesOf(registered?.phone, ownPhone),
      idNumber: null,
      name: registered?.name ?? null,
      address: registered?.address ?? null,
      ownPhone,
      account: null,
      device: null,
      answeredOn: isoOfFormDate(written(dateQuestion)) ?? registered?.returnedOn ?? vietnamTime(new Date(f.scannedAt)).slice(0, 10),
      procedure: registered?.procedure ?? null,
      field: registered?.field ?? null,
      answers,
      pending: f.openItems || needsReview ? 'review' : f.pageCount !== null && f.pagesRead < f.pageCount ? 'pages' : null,
      recheck: f.recheck,
    };
  });
}

/** `dd/mm/yyyy` as reviewers key it → ISO date. */
function isoOfFormDate(value: string | null): string | null {
  const m = value ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/** Stored electronic responses of a survey; the office and phone of the case fill in what the export lacked. */
export function electronicResponses(db: Db, surveyId: string): ResponseRecord[] {
  const rows = db
    .prepare(
      `SELECT e.source, e.external_id AS externalId, COALESCE(e.office_code, c.office_code) AS officeCode, e.case_code AS caseCode, e.phone, c.phone AS casePhone,
              e.id_number AS idNumber, c.name, c.address, e.account, e.device, e.submitted_at AS submittedAt, e.answers_json AS answersJson,
              COALESCE(e.procedure, c.procedure) AS procedure, COALESCE(e.field, c.field) AS field
       FROM electronic_responses e LEFT JOIN register_cases c ON c.case_code = e.case_code WHERE e.survey_id = ? ORDER BY e.id`,
    )
    .all(surveyId) as { source: string; externalId: string; officeCode: string | null; caseCode: string | null; phone: string | null; casePhone: string | null; idNumber: string | null; name: string | null; address: string | null; account: string | null; device: string | null; submittedAt: string; answersJson: string; procedure: string | null; field: string | null }[];
  return rows.map((e) => ({
    key: `${e.source}:${e.externalId}`,
    channel: 'electronic',
    source: e.source,
    surveyId,
    officeCode: e.officeCode,
    caseCode: e.caseCode,
    phones: phonesOf(e.phone, e.casePhone),
    idNumber: e.idNumber,
    name: e.name,
    address: e.address,
    ownPhone: e.phone,
    account: e.account,
    device: e.device,
    answeredOn: e.submittedAt,
    procedure: e.procedure,
    field: e.field,
    answers: JSON.parse(e.answersJson),
    pending: null,
    recheck: null,
  }));
}

/** Everything a report of one survey is computed from. */
export function loadResultsInput(db: Db, survey: SurveyDefinition): ResultsInput {
  const sources = db.prepare('SELECT source, source_name AS name FROM electronic_imports ORDER BY id').all() as { source: string; name: string }[];
  return {
    survey,
    responses: [...paperResponses(db, survey), ...electronicResponses(db, survey.id)],
    staff: staffList(db),
    offices: db.prepare('SELECT code, name, level FROM offices').all() as ResultsInput['offices'],
    cases: db.prepare('SELECT office_code AS officeCode, returned_on AS returnedOn, COUNT(*) AS count FROM register_cases GROUP BY office_code, returned_on').all() as ResultsInput['cases'],
    procedures: procedureList(db),
    sourceNames: { kiosk: 'Ki-ốt tại bộ phận một cửa', ...Object.fromEntries(sources.map((s) => [s.source, s.name])) },
  };
}

/**
 * A survey's report straight from the database with the saved rules (or the query's): what the web pages draw. The
 * input and outcomes come back too, for the effective-answers table of a workbook.
 */
export function resultsReport(db: Db, survey: SurveyDefinition, query: ReportQuery = {}): { report: ResultsReport; input: ResultsInput; outcomes: Map<string, ResponseOutcome> } {
  const settings = query.settings ?? resultSettings(db);
  const input = loadResultsInput(db, survey);
  checkReportQuery(query, input.offices);
  const outcomes = mergeResults(input, settings);
  return { report: buildReport(input, { ...query, settings }, outcomes), input, outcomes };
}
