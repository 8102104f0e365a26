import fs from 'node:fs';
import path from 'node:path';
import { PhieuError } from '../errors/errorTable.js';
import type { FieldRead } from '../recognize/readPage.js';
import type { PersonalKind } from '../survey/personal.js';
import type { SurveyDefinition } from '../survey/schema.js';
import { audit, type Db } from './db.js';
import { personalQuestionsBySurvey, type PersonalQuestions } from './personalData.js';
import { pseudonymiser } from './pseudonym.js';
import { countFiles, purgeFiles, removeFiles, type FileCounts } from './purgeFiles.js';
import type { PersonScope } from './personalRecords.js';
import { retentionSettings } from './retention.js';
import { parseStoredFormRead, parseStoredJson, storedAnswer, storedAnswers, storedDetail, storedJson, type StoredAt } from './storedJson.js';

/** What a purge takes out (or, in a dry run, would). */
export interface PurgeCounts {
  /** Register cases with a name, phone number or address. */
  registerCases: number;
  /** Paper forms with a personal answer, and the answers (original reads and corrections) taken out. */
  paperForms: number;
  personalAnswers: number;
  /** Electronic responses with a phone, ID number, account or device of a citizen. */
  electronicResponses: number;
  rechecks: number;
  /** Field clips (handwriting images) of the round's pages. */
  clips: number;
  /** Digits typed for a personal field, kept with their cell to train the recogniser: with their cells they spell the phone. */
  digitSamples: number;
  files: FileCounts;
}

export interface PurgePlan {
  allowed: boolean;
  /** Why not, in words for the person (Vietnamese). */
  blockers: string[];
  /** Everything received up to this moment belongs to the closed round. */
  cutoff: string | null;
  counts: PurgeCounts;
}

export interface PurgeOptions {
  actor: string;
  /** The hot folder, whose archived and rejected scans go too. */
  hotFolder?: string;
  /** Survey definitions beyond those printed here (electronic answers may be to any shipped survey). */
  surveys?: Iterable<SurveyDefinition>;
}

type Anon = (value: string) => string;
type Update = { sql: string; params: unknown[] };

/** Says what a purge would take out, and whether it may run now. Changes nothing. */
export function purgePlan(db: Db, dataDir: string, options: Omit<PurgeOptions, 'actor'> = {}): PurgePlan {
  const { cutoff } = scopeOf(db);
  const blockers = blockersOf(db, cutoff);
  if (!cutoff) return { allowed: false, blockers, cutoff, counts: emptyCounts() };
  const work = collect(db, { cutoff }, personalQuestionsBySurvey(db, options.surveys), pseudonymiser());
  return { allowed: blockers.length === 0, blockers, cutoff, counts: { ...work.counts, files: countFiles(purgeFiles(db, dataDir, cutoff, options.hotFolder)) } };
}

/**
 * Takes the personal data of the closed round out of the database and the data folder: names and addresses of the
 * register and of the forms (their reads, OCR text and corrections), phone numbers, ID numbers and citizens'
 * accounts replaced by pseudonyms (see pseudonym.ts: the counting rules join the same responses as before), the
 * double-entry values and audit copies of personal corrections, every clip and page image, the scans and registers
 * the round came in as, and the backups made before. Answers to every other question stay, so indices are the same
 * before and after. One transaction; freed pages are zeroed (secure_delete) and the file vacuumed, so the old
 * values are not left in the database file either.
 */
export function purgePersonalData(db: Db, dataDir: string, options: PurgeOptions): PurgeCounts {
  const { cutoff } = scopeOf(db);
  const blockers = blockersOf(db, cutoff);
  if (!cutoff || blockers.length) throw new PhieuError('purgeRefused', { blockers });
  const files = purgeFiles(db, dataDir, cutoff, options.hotFolder);
  const fileCounts = countFiles(files);
  const previousSecureDelete = db.pragma('secure_delete', { simple: true });
  db.pragma('secure_delete = ON');
  let counts: PurgeCounts;
  try {
    counts = db.transaction(() => {
      const work = collect(db, { cutoff }, personalQuestionsBySurvey(db, options.surveys), pseudonymiser());
      db.prepare('INSERT INTO purge_guard (id) VALUES (1)').run();
      for (const update of work.updates) db.prepare(update.sql).run(...update.params);
      db.prepare('DELETE FROM clips WHERE page_id IN (SELECT id FROM pages WHERE created_at <= ?)').run(cutoff);
      db.prepare('UPDATE pages SET image_file = NULL WHERE created_at <= ? AND image_file IS NOT NULL').run(cutoff);
      db.prepare('UPDATE page_assignments SET original_image_file = NULL WHERE page_id IN (SELECT id FROM pages WHERE created_at <= ?)').run(cutoff);
      db.prepare('DELETE FROM purge_guard').run();
      const done = { ...work.counts, files: fileCounts };
      audit(db, options.actor, 'purge', { cutoff, ...done });
      return done;
    }).immediate();
  } finally {
    db.pragma(`secure_delete = ${Number(previousSecureDelete) ? 'ON' : 'OFF'}`);
  }
  // Only once the rows are gone: a crash before this leaves files that nothing names, never rows without files.
  removeFiles(files);
  // In WAL mode VACUUM writes the rebuilt file into the log: the checkpoint after it is what overwrites the old pages.
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return counts;
}

function scopeOf(db: Db): { cutoff: string | null } {
  return { cutoff: retentionSettings(db).roundClosedAt };
}

function blockersOf(db: Db, cutoff: string | null): string[] {
  if (!cutoff) return ['Đợt khảo sát chưa được đánh dấu là đã kết thúc và đã công bố kết quả: chưa được xoá dữ liệu cá nhân.'];
  const waiting = (
    db.prepare(`SELECT COUNT(*) AS n FROM review_items r JOIN pages p ON p.id = r.page_id WHERE r.status IN ('open', 'referred') AND p.created_at <= ?`).get(cutoff) as { n: number }
  ).n;
  const reading = (db.prepare(`SELECT COUNT(*) AS n FROM scan_files WHERE status = 'processing' AND received_at <= ?`).get(cutoff) as { n: number }).n;
  const blockers: string[] = [];
  if (waiting) blockers.push(`Còn ${waiting} mục của đợt này chờ duyệt hoặc chờ giám sát: xử lý xong trước khi xoá (ảnh của chúng sẽ mất).`);
  if (reading) blockers.push(`Còn ${reading} tệp quét của đợt này đang đọc dở: đọc xong trước khi xoá.`);
  return blockers;
}

const emptyCounts = (): PurgeCounts => ({
  registerCases: 0,
  paperForms: 0,
  personalAnswers: 0,
  electronicResponses: 0,
  rechecks: 0,
  clips: 0,
  digitSamples: 0,
  files: { pageImages: 0, uploads: 0, registers: 0, hotFolder: 0, backups: 0, bytes: 0 },
});

/** What is taken out: the closed round (everything received up to its cut-off), or one person's records. */
type Scope = { cutoff: string } | { person: PersonScope };

/** Each table's rows in scope, as a condition and its one parameter. */
function scopeConditions(scope: Scope) {
  if ('cutoff' in scope) {
    const c = scope.cutoff;
    return {
      registerCases: ['c.import_id IN (SELECT id FROM register_imports WHERE at <= ?)', c],
      pages: ['p.created_at <= ?', c],
      serials: [`SELECT DISTINCT serial FROM pages WHERE created_at <= ? AND serial IS NOT NULL`, c],
      correctionEvents: ['at <= ?', c],
      responses: ['recorded_at <= ?', c],
      rechecks: ['drawn_at <= ?', c],
    } as const;
  }
  const { caseCodes, serials, responseIds } = scope.person;
  const serialList = JSON.stringify(serials);
  return {
    registerCases: ['c.case_code IN (SELECT value FROM json_each(?))', JSON.stringify(caseCodes)],
    pages: ['p.serial IN (SELECT value FROM json_each(?))', serialList],
    serials: ['SELECT value FROM json_each(?)', serialList],
    correctionEvents: [`json_extract(detail_json, '$.serial') IN (SELECT value FROM json_each(?))`, serialList],
    responses: ['id IN (SELECT value FROM json_each(?))', JSON.stringify(responseIds)],
    rechecks: ['serial IN (SELECT value FROM json_each(?))', serialList],
  } as const;
}

/** Every row in scope that holds personal data, with the update that takes it out. */
function collect(db: Db, scope: Scope, personal: PersonalQuestions, anon: Anon): { counts: Omit<PurgeCounts, 'files'>; updates: Update[] } {
  const where = scopeConditions(scope);
  const updates: Update[] = [];
  const staff = staffIdentifiers(db);
  // A staff phone, account or device is an official's, not a citizen's, and the staff rule must still find it.
  const anonPhone = (v: string | null) => (v === null || staff.phones.has(v) ? v : anon(v));
  const anonAccount = (v: string | null) => (v === null || staff.accounts.has(v.toLowerCase()) ? v : anon(v));
  const anonDevice = (v: string | null) => (v === null || staff.devices.has(v) ? v : anon(v));
  const kindOf = (surveyId: string | null, questionId: string | null) => (surveyId && questionId ? personal.get(surveyId)?.get(questionId) : undefined);

  let registerCases = 0;
  const cases = db
    .prepare(`SELECT c.case_code, c.name, c.phone, c.address FROM register_cases c WHERE ${where.registerCases[0]}`)
    .all(where.registerCases[1]) as { case_code: string; name: string | null; phone: string | null; address: string | null }[];
  for (const c of cases) {
    const phone = anonPhone(c.phone);
    if (c.name === null && c.address === null && phone === c.phone) continue;
    registerCases++;
    updates.push({ sql: 'UPDATE register_cases SET name = NULL, address = NULL, phone = ? WHERE case_code = ?', params: [phone, c.case_code] });
  }

  const formsTouched = new Set<number>();
  let personalAnswers = 0;
  const pages = db
    .prepare(`SELECT id, serial, survey_id, read_json FROM pages p WHERE ${where.pages[0]} AND survey_id IS NOT NULL AND json_extract(read_json, '$.kind') = 'read'`)
    .all(where.pages[1]) as { id: number; serial: number | null; survey_id: string; read_json: string }[];
  const scrubbedRead = (surveyId: string, readJson: string, at: StoredAt) => {
    const kinds = personal.get(surveyId);
    if (!kinds?.size) return undefined;
    const read = parseStoredFormRead(readJson, at);
    let changed = 0;
    const fields = read.fields.map((field) => {
      const kind = kinds.get(field.questionId);
      const next = kind ? scrubField(field, kind, anonPhone) : field;
      if (next !== field) changed++;
      return next;
    });
    return changed ? { changed, json: storedJson({ ...read, fields }) } : undefined;
  };
  for (const page of pages) {
    const scrubbed = scrubbedRead(page.survey_id, page.read_json, { table: 'pages', row: page.id });
    if (!scrubbed) continue;
    personalAnswers += scrubbed.changed;
    if (page.serial !== null) formsTouched.add(page.serial);
    updates.push({ sql: 'UPDATE pages SET read_json = ? WHERE id = ?', params: [scrubbed.json, page.id] });
  }
  // A page placed on a form by a person keeps what it was read as before (a duplicate, say): that read goes too.
  const placedOriginals = db
    .prepare(
      `SELECT a.page_id, a.original_survey_id, a.original_read_json FROM page_assignments a JOIN pages p ON p.id = a.page_id
       WHERE ${where.pages[0]} AND a.original_survey_id IS NOT NULL AND json_extract(a.original_read_json, '$.kind') = 'read'`,
    )
    .all(where.pages[1]) as { page_id: number; original_survey_id: string; original_read_json: string }[];
  for (const original of placedOriginals) {
    const scrubbed = scrubbedRead(original.original_survey_id, original.original_read_json, { table: 'page_assignments', row: original.page_id });
    if (scrubbed) updates.push({ sql: 'UPDATE page_assignments SET original_read_json = ? WHERE page_id = ?', params: [scrubbed.json, original.page_id] });
  }

  const inScopeSerials = where.serials[0];
  const corrections = db
    .prepare(`SELECT c.id, c.serial, c.question_id, c.value_json, f.survey_id FROM corrections c JOIN forms f ON f.serial = c.serial WHERE c.serial IN (${inScopeSerials})`)
    .all(where.serials[1]) as { id: number; serial: number; question_id: string; value_json: string; survey_id: string }[];
  for (const c of corrections) {
    const kind = kindOf(c.survey_id, c.question_id);
    if (!kind) continue;
    const value = parseStoredJson(c.value_json, storedAnswer, { table: 'corrections', row: c.id });
    const next = withoutIdentity(kind, value, anonPhone);
    if (JSON.stringify(next) === c.value_json) continue;
    personalAnswers++;
    formsTouched.add(c.serial);
    updates.push({ sql: 'UPDATE corrections SET value_json = ? WHERE id = ?', params: [JSON.stringify(next), c.id] });
  }

  const digitSamples = (
    db
      .prepare(`SELECT d.id, r.question_id, f.survey_id FROM digit_samples d JOIN review_items r ON r.id = d.review_item_id JOIN forms f ON f.serial = r.serial WHERE r.serial IN (${inScopeSerials})`)
      .all(where.serials[1]) as { id: number; question_id: string; survey_id: string }[]
  ).filter((d) => kindOf(d.survey_id, d.question_id));
  for (const d of digitSamples) updates.push({ sql: 'DELETE FROM digit_samples WHERE id = ?', params: [d.id] });

  // Double entry keeps each keying, and the audit trail a copy of each correction: personal values go from both.
  const actions = db
    .prepare(
      `SELECT a.id, a.detail_json, r.question_id, f.survey_id FROM review_actions a JOIN review_items r ON r.id = a.review_item_id JOIN forms f ON f.serial = r.serial
       WHERE r.serial IN (${inScopeSerials}) AND r.question_id IS NOT NULL`,
    )
    .all(where.serials[1]) as { id: number; detail_json: string; question_id: string; survey_id: string }[];
  for (const a of actions) {
    const scrubbed = kindOf(a.survey_id, a.question_id) && withoutValues(a.detail_json, { table: 'review_actions', row: a.id });
    if (scrubbed) updates.push({ sql: 'UPDATE review_actions SET detail_json = ? WHERE id = ?', params: [scrubbed, a.id] });
  }
  const surveyOfSerial = db.prepare('SELECT survey_id FROM forms WHERE serial = ?');
  for (const e of db.prepare(`SELECT id, detail_json FROM audit_events WHERE action = 'correction' AND ${where.correctionEvents[0]}`).all(where.correctionEvents[1]) as { id: number; detail_json: string }[]) {
    const at = { table: 'audit_events', row: e.id };
    const detail = parseStoredJson(e.detail_json, storedDetail, at);
    const survey = typeof detail.serial === 'number' ? (surveyOfSerial.get(detail.serial) as { survey_id: string } | undefined) : undefined;
    const scrubbed = kindOf(survey?.survey_id ?? null, typeof detail.questionId === 'string' ? detail.questionId : null) && withoutValues(e.detail_json, at);
    if (scrubbed) updates.push({ sql: 'UPDATE audit_events SET detail_json = ? WHERE id = ?', params: [scrubbed, e.id] });
  }

  let electronicResponses = 0;
  const responses = db
    .prepare(`SELECT id, survey_id, phone, id_number, account, device, answers_json FROM electronic_responses WHERE ${where.responses[0]}`)
    .all(where.responses[1]) as { id: number; survey_id: string; phone: string | null; id_number: string | null; account: string | null; device: string | null; answers_json: string }[];
  for (const r of responses) {
    const answers: Record<string, unknown> = parseStoredJson(r.answers_json, storedAnswers, { table: 'electronic_responses', row: r.id });
    for (const [questionId, kind] of personal.get(r.survey_id) ?? []) {
      if (!(questionId in answers)) continue;
      const value = answers[questionId];
      answers[questionId] = withoutIdentity(kind, value, anonPhone);
    }
    const next = { phone: anonPhone(r.phone), idNumber: r.id_number === null ? null : anon(r.id_number), account: anonAccount(r.account), device: anonDevice(r.device), answers: JSON.stringify(answers) };
    if (next.phone === r.phone && next.idNumber === r.id_number && next.account === r.account && next.device === r.device && next.answers === r.answers_json) continue;
    electronicResponses++;
    updates.push({
      sql: 'UPDATE electronic_responses SET phone = ?, id_number = ?, account = ?, device = ?, answers_json = ? WHERE id = ?',
      params: [next.phone, next.idNumber, next.account, next.device, next.answers, r.id],
    });
  }

  let rechecks = 0;
  for (const r of db.prepare(`SELECT serial, phone FROM rechecks WHERE ${where.rechecks[0]}`).all(where.rechecks[1]) as { serial: number; phone: string }[]) {
    const phone = anonPhone(r.phone)!;
    if (phone === r.phone) continue;
    rechecks++;
    updates.push({ sql: 'UPDATE rechecks SET phone = ? WHERE serial = ?', params: [phone, r.serial] });
  }

  const clips = (db.prepare(`SELECT COUNT(*) AS n FROM clips WHERE page_id IN (SELECT id FROM pages p WHERE ${where.pages[0]})`).get(where.pages[1]) as { n: number }).n;
  return { counts: { registerCases, paperForms: formsTouched.size, personalAnswers, electronicResponses, rechecks, clips, digitSamples: digitSamples.length }, updates };
}

/**
 * A personal field's read without what identifies the person: a phone comb keeps its pseudonym and the confidence
 * of each cell (not the digits); a name or address line keeps whether it was written, not what OCR made of it (its
 * suggestion, or the search text of a line kept as an image only).
 * Returns the same object when there is nothing to take out.
 */
function scrubField(field: FieldRead, kind: PersonalKind, anonPhone: (v: string | null) => string | null): FieldRead {
  let next: FieldRead;
  if (kind === 'phone') {
    const value = typeof field.value === 'string' ? anonPhone(field.value) : field.value;
    // Each cell's probabilities, the offered candidates and the readings weighed would tell the digits again.
    const { candidates: _candidates, phoneReadings: _readings, ...rest } = field as FieldRead & { candidates?: string[]; phoneReadings?: string[] };
    next = { ...rest, value, ...('cells' in field ? { cells: field.cells.map(({ probabilities: _p, ...c }) => ({ ...c, digit: null })) } : {}) } as FieldRead;
  } else {
    const { ocrText: _ocr, listMatch: _match, searchText: _search, ...rest } = field as FieldRead & { ocrText?: string; listMatch?: unknown; searchText?: string };
    next = { ...rest, value: field.value === '' ? '' : null } as FieldRead;
  }
  return JSON.stringify(next) === JSON.stringify(field) ? field : next;
}

/** A personal answer as it may stay: a phone number's pseudonym; nothing of a name or address but that it was blank. */
function withoutIdentity(kind: PersonalKind, value: unknown, anonPhone: (v: string | null) => string | null): unknown {
  if (value === '' || value === null || value === undefined) return value ?? null;
  return kind === 'phone' && typeof value === 'string' ? anonPhone(value) : null;
}

/** A detail JSON without the keyed values, or null when it has none. */
function withoutValues(detailJson: string, at: StoredAt): string | null {
  const detail = parseStoredJson(detailJson, storedDetail, at);
  if (!('value' in detail) && !('values' in detail)) return null;
  const { value: _value, values: _values, ...rest } = detail;
  return JSON.stringify({ ...rest, valueRemoved: true });
}

function staffIdentifiers(db: Db): { phones: Set<string>; accounts: Set<string>; devices: Set<string> } {
  const rows = db.prepare('SELECT phone, account, device FROM staff_members').all() as { phone: string | null; account: string | null; device: string | null }[];
  return {
    phones: new Set(rows.flatMap((r) => (r.phone ? [r.phone] : []))),
    accounts: new Set(rows.flatMap((r) => (r.account ? [r.account.toLowerCase()] : []))),
    devices: new Set(rows.flatMap((r) => (r.device ? [r.device] : []))),
  };
}

/** What erasing one person took out. */
export interface ErasedCounts extends Omit<PurgeCounts, 'files'> {
  pageImages: number;
}

/**
 * A data-subject request to delete (Law 91/2025/QH15): the purge's own scrubbing, on one person's records only. Names
 * and addresses go from the register, the forms' reads, corrections, double-entry keyings and their audit copies;
 * phone, ID numbers and accounts become pseudonyms (one key for the whole request, so the counting rules join the
 * same responses as before); the clips, typed digits (digit_samples) and page images of the person's forms go. The
 * answers to every other question stay and are counted as before: the office's index does not move. The scan files a
 * batch came in stay until the round's purge (they hold other people's pages too). Refused while an item of the
 * person's forms waits for review: its clip is what the reviewer needs.
 */
export function erasePerson(db: Db, dataDir: string, scope: PersonScope, options: { actor: string; surveys?: Iterable<SurveyDefinition> }): ErasedCounts {
  const serials = JSON.stringify(scope.serials);
  const waiting = (db.prepare(`SELECT COUNT(*) AS n FROM review_items WHERE serial IN (SELECT value FROM json_each(?)) AND status IN ('open', 'referred')`).get(serials) as { n: number }).n;
  if (waiting) throw new PhieuError('personEraseWaiting', { items: waiting });
  const images = (
    db
      .prepare(
        `SELECT image_file AS file FROM pages WHERE serial IN (SELECT value FROM json_each(@serials)) AND image_file IS NOT NULL
         UNION ALL SELECT original_image_file FROM page_assignments WHERE serial IN (SELECT value FROM json_each(@serials)) AND original_image_file IS NOT NULL`,
      )
      .all({ serials }) as { file: string }[]
  ).map((r) => path.join(dataDir, r.file));
  const previousSecureDelete = db.pragma('secure_delete', { simple: true });
  db.pragma('secure_delete = ON');
  let done: ErasedCounts;
  try {
    done = db.transaction(() => {
      const work = collect(db, { person: scope }, personalQuestionsBySurvey(db, options.surveys), pseudonymiser());
      db.prepare('INSERT INTO purge_guard (id) VALUES (1)').run();
      for (const update of work.updates) db.prepare(update.sql).run(...update.params);
      const pagesOf = 'SELECT id FROM pages WHERE serial IN (SELECT value FROM json_each(?))';
      db.prepare(`DELETE FROM clips WHERE page_id IN (${pagesOf})`).run(serials);
      // Every digit the person wrote goes, not only those of personal questions: handwriting is theirs too.
      const otherDigits = db.prepare('DELETE FROM digit_samples WHERE review_item_id IN (SELECT id FROM review_items WHERE serial IN (SELECT value FROM json_each(?)))').run(serials).changes;
      db.prepare(`UPDATE pages SET image_file = NULL WHERE id IN (${pagesOf})`).run(serials);
      db.prepare('UPDATE page_assignments SET original_image_file = NULL WHERE serial IN (SELECT value FROM json_each(?))').run(serials);
      db.prepare('DELETE FROM purge_guard').run();
      const counts: ErasedCounts = { ...work.counts, digitSamples: work.counts.digitSamples + otherDigits, pageImages: images.length };
      audit(db, options.actor, 'personal.erased', { caseCodes: scope.caseCodes, serials: scope.serials, responses: scope.responseIds, ...counts });
      return counts;
    }).immediate();
  } finally {
    db.pragma(`secure_delete = ${Number(previousSecureDelete) ? 'ON' : 'OFF'}`);
  }
  // Only once the rows no longer name them: a crash before this leaves files nothing names, never rows without files.
  for (const file of images) fs.rmSync(file, { force: true });
  // Pages written before secure_delete was on may still hold the old values in their free space: as after the purge,
  // the file is rebuilt, and the checkpoint overwrites the old pages with it and empties the log.
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return done;
}
