import type { PersonalKind } from '../survey/personal.js';
import { effectiveAnswers } from './answers.js';
import type { Db } from './db.js';
import type { PersonalQuestions } from './personalData.js';
import { parseStoredJson, storedAnswer, storedAnswers } from './storedJson.js';

/** What phieu holds of one person: the register cases, forms and electronic responses a data-subject request found. */
export interface PersonScope {
  caseCodes: string[];
  serials: number[];
  responseIds: number[];
}

export interface RegisterPerson {
  caseCode: string;
  officeCode: string;
  procedure: string | null;
  receivedOn: string | null;
  returnedOn: string | null;
  name: string | null;
  phone: string | null;
  address: string | null;
}

export interface FormPersonalAnswer {
  serial: number;
  surveyId: string;
  caseCode: string | null;
  questionId: string;
  kind: PersonalKind;
  value: string[] | string | null;
}

export interface ElectronicPerson {
  id: number;
  source: string;
  surveyId: string;
  officeCode: string | null;
  caseCode: string | null;
  phone: string | null;
  idNumber: string | null;
  account: string | null;
  device: string | null;
  submittedAt: string;
  /** The answers to the survey's personal questions (name, phone, address). */
  personalAnswers: Record<string, unknown>;
}

/** Every register case that holds a name, phone or address: a request by name is matched by its identity key. */
export function registerPeople(db: Db, filter: { caseCodes?: string[] } = {}): RegisterPerson[] {
  const rows = db
    .prepare(
      `SELECT case_code AS caseCode, office_code AS officeCode, procedure, received_on AS receivedOn, returned_on AS returnedOn, name, phone, address
       FROM register_cases WHERE ${filter.caseCodes ? 'case_code IN (SELECT value FROM json_each(?))' : '(name IS NOT NULL OR phone IS NOT NULL OR address IS NOT NULL)'} ORDER BY case_code`,
    )
    .all(...(filter.caseCodes ? [JSON.stringify(filter.caseCodes)] : [])) as RegisterPerson[];
  return rows;
}

/** The effective answers to personal questions of every paper form (or of `serials`), with the form's case code. */
export function formPersonalAnswers(db: Db, personal: PersonalQuestions, serials?: number[]): FormPersonalAnswer[] {
  const wanted = serials ? new Set(serials) : undefined;
  const caseOf = new Map((db.prepare('SELECT serial, case_code FROM forms WHERE case_code IS NOT NULL').all() as { serial: number; case_code: string }[]).map((f) => [f.serial, f.case_code]));
  return effectiveAnswers(db).flatMap((a) => {
    const kind = personal.get(a.surveyId)?.get(a.questionId);
    if (!kind || (wanted && !wanted.has(a.serial))) return [];
    return [{ serial: a.serial, surveyId: a.surveyId, caseCode: caseOf.get(a.serial) ?? null, questionId: a.questionId, kind, value: a.value }];
  });
}

/** Electronic responses (every one, or those of `ids`) with what identifies their respondent. */
export function electronicPeople(db: Db, personal: PersonalQuestions, ids?: number[]): ElectronicPerson[] {
  const rows = db
    .prepare(
      `SELECT id, source, survey_id, office_code, case_code, phone, id_number, account, device, submitted_at, answers_json FROM electronic_responses
       ${ids ? 'WHERE id IN (SELECT value FROM json_each(?))' : ''} ORDER BY id`,
    )
    .all(...(ids ? [JSON.stringify(ids)] : [])) as { id: number; source: string; survey_id: string; office_code: string | null; case_code: string | null; phone: string | null; id_number: string | null; account: string | null; device: string | null; submitted_at: string; answers_json: string }[];
  return rows.map((r) => {
    const answers = parseStoredJson(r.answers_json, storedAnswers, { table: 'electronic_responses', row: r.id });
    const kinds = personal.get(r.survey_id) ?? new Map();
    return {
      id: r.id,
      source: r.source,
      surveyId: r.survey_id,
      officeCode: r.office_code,
      caseCode: r.case_code,
      phone: r.phone,
      idNumber: r.id_number,
      account: r.account,
      device: r.device,
      submittedAt: r.submitted_at,
      personalAnswers: Object.fromEntries(Object.entries(answers).filter(([q]) => kinds.has(q))),
    };
  });
}

/** Paper forms of the cases, and forms whose re-check call went to the phone. */
export function formsOfCases(db: Db, caseCodes: string[]): number[] {
  return (db.prepare('SELECT serial FROM forms WHERE case_code IN (SELECT value FROM json_each(?)) ORDER BY serial').all(JSON.stringify(caseCodes)) as { serial: number }[]).map((r) => r.serial);
}

export function formsRecheckedAt(db: Db, phones: string[]): number[] {
  return (db.prepare('SELECT serial FROM rechecks WHERE phone IN (SELECT value FROM json_each(?)) ORDER BY serial').all(JSON.stringify(phones)) as { serial: number }[]).map((r) => r.serial);
}

export function responsesOf(db: Db, by: { caseCodes: string[]; phones: string[] }): number[] {
  return (
    db
      .prepare('SELECT id FROM electronic_responses WHERE case_code IN (SELECT value FROM json_each(?)) OR phone IN (SELECT value FROM json_each(?)) ORDER BY id')
      .all(JSON.stringify(by.caseCodes), JSON.stringify(by.phones)) as { id: number }[]
  ).map((r) => r.id);
}

export function casesWithPhones(db: Db, phones: string[]): string[] {
  return (db.prepare('SELECT case_code FROM register_cases WHERE phone IN (SELECT value FROM json_each(?)) ORDER BY case_code').all(JSON.stringify(phones)) as { case_code: string }[]).map((r) => r.case_code);
}

export interface PersonRecords {
  registerCases: RegisterPerson[];
  sampleMembers: { drawId: number; officeCode: string; list: string; position: number; caseCode: string; inSample: boolean; outcome: string | null }[];
  forms: { serial: number; surveyId: string; officeCode: string | null; caseCode: string | null; status: string; personalAnswers: FormPersonalAnswer[] }[];
  corrections: { id: number; serial: number; questionId: string; value: unknown; reviewer: string; reason: string | null; at: string }[];
  digitSamples: { id: number; serial: number; questionId: string; cell: number; digit: number; typedBy: string }[];
  clips: { pageId: number; serial: number; questionId: string; cell: number }[];
  pageImages: { pageId: number; serial: number; page: number | null }[];
  rechecks: { serial: number; phone: string; outcome: string | null }[];
  electronicResponses: ElectronicPerson[];
}

const inJson = 'IN (SELECT value FROM json_each(?))';

/** Everything held of the person in `scope`, store by store. */
export function personRecords(db: Db, scope: PersonScope, personal: PersonalQuestions): PersonRecords {
  const serials = JSON.stringify(scope.serials);
  const personalOf = (surveyId: string, questionId: string) => personal.get(surveyId)?.has(questionId) ?? false;
  const answers = formPersonalAnswers(db, personal, scope.serials);
  return {
    registerCases: registerPeople(db, { caseCodes: scope.caseCodes }),
    sampleMembers: (
      db.prepare(`SELECT draw_id AS drawId, office_code AS officeCode, list, position, case_code AS caseCode, in_sample AS inSample, outcome FROM sample_members WHERE case_code ${inJson} ORDER BY draw_id, list, position`).all(JSON.stringify(scope.caseCodes)) as {
        drawId: number;
        officeCode: string;
        list: string;
        position: number;
        caseCode: string;
        inSample: number;
        outcome: string | null;
      }[]
    ).map((m) => ({ ...m, inSample: m.inSample === 1 })),
    forms: (db.prepare(`SELECT serial, survey_id AS surveyId, office_code AS officeCode, case_code AS caseCode, status FROM forms WHERE serial ${inJson} ORDER BY serial`).all(serials) as Omit<PersonRecords['forms'][number], 'personalAnswers'>[]).map((f) => ({
      ...f,
      personalAnswers: answers.filter((a) => a.serial === f.serial),
    })),
    corrections: (
      db.prepare(`SELECT c.id, c.serial, c.question_id AS questionId, c.value_json, c.reviewer, c.reason, c.at, f.survey_id FROM corrections c JOIN forms f ON f.serial = c.serial WHERE c.serial ${inJson} ORDER BY c.id`).all(serials) as {
        id: number;
        serial: number;
        questionId: string;
        value_json: string;
        reviewer: string;
        reason: string | null;
        at: string;
        survey_id: string;
      }[]
    )
      .filter((c) => personalOf(c.survey_id, c.questionId))
      .map(({ value_json, survey_id: _s, ...c }) => ({ ...c, value: parseStoredJson(value_json, storedAnswer, { table: 'corrections', row: c.id }) })),
    digitSamples: db
      .prepare(`SELECT d.id, r.serial, r.question_id AS questionId, d.cell, d.digit, d.typed_by AS typedBy FROM digit_samples d JOIN review_items r ON r.id = d.review_item_id WHERE r.serial ${inJson} ORDER BY d.id`)
      .all(serials) as PersonRecords['digitSamples'],
    clips: db.prepare(`SELECT c.page_id AS pageId, p.serial, c.question_id AS questionId, c.cell FROM clips c JOIN pages p ON p.id = c.page_id WHERE p.serial ${inJson} ORDER BY c.page_id, c.question_id, c.cell`).all(serials) as PersonRecords['clips'],
    pageImages: db.prepare(`SELECT id AS pageId, serial, page_number AS page FROM pages WHERE serial ${inJson} AND image_file IS NOT NULL ORDER BY id`).all(serials) as PersonRecords['pageImages'],
    rechecks: db.prepare(`SELECT serial, phone, outcome FROM rechecks WHERE serial ${inJson} ORDER BY serial`).all(serials) as PersonRecords['rechecks'],
    electronicResponses: electronicPeople(db, personal, scope.responseIds),
  };
}

/** A register case's name, phone or address as the person asked it corrected. */
export function correctRegisterCase(db: Db, caseCode: string, field: 'name' | 'phone' | 'address', value: string | null): boolean {
  return db.prepare(`UPDATE register_cases SET ${field === 'name' ? 'name' : field === 'phone' ? 'phone' : 'address'} = ? WHERE case_code = ?`).run(value, caseCode).changes === 1;
}

/** A form's personal answer corrected at the person's request: a correction like a reviewer's, kept apart from the read. */
export function appendPersonalCorrection(db: Db, correction: { serial: number; questionId: string; value: string; actor: string; reason: string }): number {
  return Number(
    db.prepare('INSERT INTO corrections (serial, question_id, value_json, reviewer, reason) VALUES (?, ?, ?, ?, ?)').run(correction.serial, correction.questionId, JSON.stringify(correction.value), correction.actor, correction.reason).lastInsertRowid,
  );
}
