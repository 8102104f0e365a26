import { randomBytes } from 'node:crypto';
import { PhieuError } from '../errors/errorTable.js';
import type { RecheckOutcome, RecheckRow, SampleListHeader, SampleListRow } from '../sampling/sampleList.js';
import type { DrawParameters, OfficeDraw, SamplingCase } from '../sampling/drawSample.js';
import type { FieldState, FieldStatus } from '../sampling/fieldStatus.js';
import type { RegisterCase } from '../sampling/registerRow.js';
import type { RespondentField } from '../survey/schema.js';
import { audit, type Db } from './db.js';
import { createPrintRun } from './printRuns.js';

/** A good register row to stage, with what the service made of it: its office and whether it is in the period. */
export interface StagedCase {
  row: number;
  value: RegisterCase;
  inPeriod: boolean;
  officeCode: string;
  officeLevel: string | null;
  /** The last day the office was active, for an office the tree does not have yet (a former district's). */
  officeActiveTo: string | null;
}

/** An office a register named that the office tree did not have: added with the level its name suggests. */
export interface NewOffice {
  code: string;
  name: string;
  level: string | null;
  activeTo: string | null;
}

export type StagedRegister = ReturnType<typeof stageRegisterRows>;

/**
 * Good rows of a register being imported, held in a temporary table of this connection (on disk, in SQLite's temp
 * store) instead of as objects in memory: a 200,000-row register would otherwise hold them all until it is stored.
 * Each import has a table of its own, so two imports on the server's one connection do not mix.
 */
export function stageRegisterRows(db: Db) {
  const table = `temp.register_staging_${randomBytes(6).toString('hex')}`;
  db.exec(
    `CREATE TABLE ${table} (case_code TEXT PRIMARY KEY, row INTEGER NOT NULL, in_period INTEGER NOT NULL, office_code TEXT NOT NULL, office_name TEXT NOT NULL,
       office_level TEXT, office_active_to TEXT, procedure TEXT, field TEXT, received_on TEXT, returned_on TEXT, name TEXT, phone TEXT, address TEXT, kind TEXT)`,
  );
  const insert = db.prepare(
    `INSERT INTO ${table} (case_code, row, in_period, office_code, office_name, office_level, office_active_to, procedure, field, received_on, returned_on, name, phone, address, kind)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_code) DO NOTHING`,
  );
  const firstRowOf = db.prepare(`SELECT row FROM ${table} WHERE case_code = ?`).pluck();
  return {
    /** Stages the rows; gives back those whose case code an earlier row already had, with that row. */
    add: db.transaction((rows: StagedCase[]) => {
      const repeated: { row: number; caseCode: string; firstRow: number }[] = [];
      for (const { row, value: c, inPeriod, officeCode, officeLevel, officeActiveTo } of rows) {
        const staged = insert.run(c.caseCode, row, inPeriod ? 1 : 0, officeCode, c.officeName, officeLevel, officeActiveTo, c.procedure, c.field ?? null, c.receivedOn, c.returnedOn, c.name, c.phone, c.address, c.kind);
        if (!staged.changes) repeated.push({ row, caseCode: c.caseCode, firstRow: firstRowOf.get(c.caseCode) as number });
      }
      return repeated;
    }),
    counts: () => db.prepare(`SELECT count(*) AS goodRows, count(*) - coalesce(sum(in_period), 0) AS outsidePeriod FROM ${table}`).get() as { goodRows: number; outsidePeriod: number },
    /** Stores the staged cases of the period (a case code already in the register keeps its first row) and their offices. */
    store: (importId: number) => {
      // An office is named as its first row in the file names it; one the tree already has keeps what the tree says.
      const newOffices = db
        .prepare(
          `INSERT INTO offices (code, name, level, active_to) SELECT office_code, office_name, office_level, office_active_to
           FROM (SELECT office_code, office_name, office_level, office_active_to, min(row) FROM ${table} WHERE in_period GROUP BY office_code) WHERE true
           ON CONFLICT (code) DO NOTHING RETURNING code, name, level, active_to AS activeTo`,
        )
        .all() as NewOffice[];
      const kept = db
        .prepare(
          `INSERT INTO register_cases (case_code, office_code, procedure, field, received_on, returned_on, name, phone, address, kind, import_id)
           SELECT case_code, office_code, procedure, field, received_on, returned_on, name, phone, address, kind, ? FROM ${table} WHERE in_period ORDER BY row ON CONFLICT (case_code) DO NOTHING`,
        )
        .run(importId).changes;
      const offices = db.prepare(`SELECT count(DISTINCT office_code) FROM ${table} WHERE in_period`).pluck().get() as number;
      return { kept, offices, newOffices };
    },
    drop: () => db.exec(`DROP TABLE IF EXISTS ${table}`),
  };
}

/** Whether a register file with this content was imported before. */
export function registerFileSeen(db: Db, sha256: string): boolean {
  return Boolean(db.prepare('SELECT 1 FROM register_imports WHERE sha256 = ?').get(sha256));
}

/** Stores the staged cases of the period as one import, audited, in one transaction. */
export function storeStagedRegister(
  db: Db,
  staged: StagedRegister,
  record: { file: string; sha256: string; actor: string; rowsRead: number; bad: number; inPeriodRows: number; outsidePeriod: number; periodFrom: string | null; periodTo: string | null },
): { kept: number; offices: number; newOffices: NewOffice[] } {
  return db.transaction(() => {
    const importId = Number(
      db.prepare('INSERT INTO register_imports (file_name, sha256, rows_read, rows_kept, rows_bad, actor) VALUES (?, ?, 0, 0, 0, ?)').run(record.file, record.sha256, record.actor).lastInsertRowid,
    );
    const { kept, offices, newOffices } = staged.store(importId);
    db.prepare('UPDATE register_imports SET rows_read = ?, rows_kept = ?, rows_bad = ? WHERE id = ?').run(record.rowsRead, kept, record.bad, importId);
    audit(db, record.actor, 'register.import', {
      file: record.file,
      sha256: record.sha256,
      rows: record.rowsRead,
      kept,
      bad: record.bad,
      alreadyKnown: record.inPeriodRows - kept,
      outsidePeriod: record.outsidePeriod,
      periodFrom: record.periodFrom,
      periodTo: record.periodTo,
    });
    return { kept, offices, newOffices };
  }).immediate();
}

/** The offices whose lists were drawn for this period, by code. */
export function officesDrawnIn(db: Db, period: { from: string | null; to: string | null }): string[] {
  return (
    db
      .prepare('SELECT DISTINCT x.office_code AS code FROM draw_offices x JOIN draws d ON d.id = x.draw_id WHERE d.period_from IS @from AND d.period_to IS @to ORDER BY code')
      .all(period) as { code: string }[]
  ).map((r) => r.code);
}

/** Every office drawn but this one, by code. */
export function officesDrawnExcept(db: Db, officeCode: string): string[] {
  return (db.prepare('SELECT DISTINCT office_code AS code FROM draw_offices WHERE office_code <> ? ORDER BY code').all(officeCode) as { code: string }[]).map((r) => r.code);
}

/** An office of a draw: its name and the period the draw was for. */
export function drawnOfficeOf(db: Db, drawId: number, officeCode: string): { name: string; periodFrom: string | null; periodTo: string | null } {
  return db
    .prepare('SELECT o.name, d.period_from AS periodFrom, d.period_to AS periodTo FROM draws d, offices o WHERE d.id = ? AND o.code = ?')
    .get(drawId, officeCode) as { name: string; periodFrom: string | null; periodTo: string | null };
}

/** The serials of the forms printed for an office's list of a draw. */
export function serialsPrintedFrom(db: Db, drawId: number, officeCode: string): number[] {
  return (
    db
      .prepare('SELECT f.serial FROM forms f JOIN sample_members m ON m.case_code = f.case_code WHERE m.draw_id = ? AND m.office_code = ? ORDER BY f.serial')
      .all(drawId, officeCode) as { serial: number }[]
  ).map((r) => r.serial);
}

/** The register's cases returned in the period (all when open), of one office or all. */
export function casesOfPeriod(db: Db, period: { from: string | null; to: string | null }, officeCode: string | null): SamplingCase[] {
  return db
    .prepare(
      `SELECT case_code AS caseCode, office_code AS officeCode, phone, name, address FROM register_cases
       WHERE (@from IS NULL OR returned_on >= @from) AND (@to IS NULL OR returned_on <= @to) AND (@office IS NULL OR office_code = @office)`,
    )
    .all({ ...period, office: officeCode }) as SamplingCase[];
}

/** Stores the drawn lists of offices as one draw with its parameters; inside the caller's transaction. */
export function storeDraw(db: Db, draw: { params: DrawParameters; periodFrom: string | null; periodTo: string | null; actor: string }, offices: readonly OfficeDraw[]): number {
  const { params } = draw;
  const drawId = Number(
    db
      .prepare('INSERT INTO draws (seed, params_json, period_from, period_to, actor) VALUES (?, ?, ?, ?, ?)')
      .run(params.seed, JSON.stringify({ reserveShare: params.reserveShare, tiers: params.tiers }), draw.periodFrom, draw.periodTo, draw.actor).lastInsertRowid,
  );
  const office = db.prepare('INSERT INTO draw_offices (draw_id, office_code, cases, people, required, short) VALUES (?, ?, ?, ?, ?, ?)');
  const member = db.prepare('INSERT INTO sample_members (draw_id, office_code, list, position, case_code, in_sample) VALUES (?, ?, ?, ?, ?, ?)');
  for (const o of offices) {
    office.run(drawId, o.officeCode, o.cases, o.people, o.required, Number(o.short));
    o.official.forEach((c, i) => member.run(drawId, o.officeCode, 'official', i + 1, c, 1));
    o.reserve.forEach((c, i) => member.run(drawId, o.officeCode, 'reserve', i + 1, c, 0));
  }
  return drawId;
}

/** Whether a draw was made with this seed (the demo draws once). */
export function drawnWithSeed(db: Db, seed: string): boolean {
  return Boolean(db.prepare('SELECT 1 FROM draws WHERE seed = ?').get(seed));
}

/** How far the sampling has gone: the latest draw, if any, and how many cases the register holds. */
export function samplingState(db: Db): { drawId: number | null; cases: number } {
  const { id } = db.prepare('SELECT MAX(id) AS id FROM draws').get() as { id: number | null };
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM register_cases').get() as { n: number };
  return { drawId: id, cases: n };
}

/** The office a registered case belongs to. */
export function officeOfCase(db: Db, caseCode: string): string | undefined {
  return (db.prepare('SELECT office_code FROM register_cases WHERE case_code = ?').get(caseCode) as { office_code: string } | undefined)?.office_code;
}

/** The draw whose list of the office is in use: the latest that drew it (a re-draw replaces the list before it). */
export function currentDrawOf(db: Db, officeCode: string): number {
  const row = db.prepare('SELECT MAX(draw_id) AS id FROM draw_offices WHERE office_code = ?').get(officeCode) as { id: number | null };
  if (row.id === null) throw new PhieuError('officeNotDrawn', { office: officeCode });
  return row.id;
}

// The lists in use: each office's from the latest draw that drew it.
const CURRENT_LIST = '(SELECT MAX(y.draw_id) FROM draw_offices y WHERE y.office_code = x.office_code)';

/** An office's list as the enumerators carry it: the members in the sample (official then promoted reserve), in order. */
export function sampleList(db: Db, drawId: number, officeCode: string, which: 'sample' | 'reserve' = 'sample'): { header: SampleListHeader; rows: SampleListRow[] } {
  const header = db
    .prepare(
      `SELECT d.id AS drawId, o.code AS officeCode, o.name AS officeName, d.seed, d.at AS drawnAt, x.cases, x.required, x.short
       FROM draw_offices x JOIN draws d ON d.id = x.draw_id JOIN offices o ON o.code = x.office_code WHERE x.draw_id = ? AND x.office_code = ?`,
    )
    .get(drawId, officeCode) as (Omit<SampleListHeader, 'short'> & { short: number }) | undefined;
  if (!header) throw new PhieuError('officeNotInDraw', { office: officeCode, draw: drawId });
  const rows = (
    db
      .prepare(
        `SELECT m.position, m.list, m.in_sample AS inSample, m.outcome, m.replaces, c.case_code AS caseCode, c.name, c.phone, c.address, c.procedure, c.returned_on AS returnedOn,
                f.serial, f.status AS formStatus
         FROM sample_members m JOIN register_cases c ON c.case_code = m.case_code
         LEFT JOIN forms f ON f.serial = (SELECT MAX(serial) FROM forms WHERE case_code = m.case_code)
         WHERE m.draw_id = ? AND m.office_code = ? AND ${which === 'sample' ? '(m.in_sample = 1 OR m.outcome IS NOT NULL)' : "m.list = 'reserve' AND m.in_sample = 0"}
         ORDER BY m.list = 'reserve', m.position`,
      )
      .all(drawId, officeCode) as (Omit<SampleListRow, 'inSample' | 'replacedBy'> & { inSample: number })[]
  ).map((r) => ({ ...r, inSample: r.inSample === 1 }));
  // A replacement is in the same office's list, so who replaced whom is read off the list itself.
  const replacedBy = new Map(rows.filter((r) => r.replaces).map((r) => [r.replaces, r.caseCode]));
  return { header: { ...header, short: header.short === 1 }, rows: rows.map((r) => ({ ...r, replacedBy: replacedBy.get(r.caseCode) ?? null })) };
}

/** The form a field status is for: by serial, or a case's latest form. */
export function formForFieldStatus(db: Db, request: { serial?: number; caseCode?: string }): { serial: number; caseCode: string | null; status: Exclude<FieldState, 'notPrinted'> } | undefined {
  return (
    request.serial
      ? db.prepare('SELECT serial, case_code AS caseCode, status FROM forms WHERE serial = ?').get(request.serial)
      : db.prepare('SELECT serial, case_code AS caseCode, status FROM forms WHERE case_code = ? ORDER BY serial DESC LIMIT 1').get(request.caseCode)
  ) as { serial: number; caseCode: string | null; status: Exclude<FieldState, 'notPrinted'> } | undefined;
}

export interface SampleMember {
  drawId: number;
  officeCode: string;
  inSample: number;
  outcome: 'refused' | 'unreachable' | null;
}

/** A case as a member of the list in use of its office, if it is in one. */
export function currentMemberOf(db: Db, caseCode: string): SampleMember | undefined {
  return db
    .prepare(`SELECT m.draw_id AS drawId, m.office_code AS officeCode, m.in_sample AS inSample, m.outcome FROM sample_members m JOIN draw_offices x USING (draw_id, office_code)
              WHERE m.case_code = ? AND x.draw_id = ${CURRENT_LIST}`)
    .get(caseCode) as SampleMember | undefined;
}

export function setFormFieldStatus(db: Db, serial: number, status: FieldStatus): void {
  db.prepare(`UPDATE forms SET status = ?, status_at = strftime('%Y-%m-%dT%H:%M:%fZ') WHERE serial = ?`).run(status, serial);
}

/** Takes a member out of the sample with its outcome and promotes the next reserve member of its office in drawn order; returns that member's case. */
export function promoteNextReserve(db: Db, member: SampleMember, caseCode: string, outcome: 'refused' | 'unreachable'): string | null {
  db.prepare('UPDATE sample_members SET in_sample = 0, outcome = ? WHERE draw_id = ? AND case_code = ?').run(outcome, member.drawId, caseCode);
  const next = db
    .prepare(`SELECT case_code FROM sample_members WHERE draw_id = ? AND office_code = ? AND list = 'reserve' AND in_sample = 0 AND outcome IS NULL ORDER BY position LIMIT 1`)
    .get(member.drawId, member.officeCode) as { case_code: string } | undefined;
  if (!next) return null;
  db.prepare('UPDATE sample_members SET in_sample = 1, replaces = ? WHERE draw_id = ? AND case_code = ?').run(caseCode, member.drawId, next.case_code);
  return next.case_code;
}

/** Every office phieu knows, by name: for the menus of the kiosk and results screens. */
export function listOffices(db: Db): { code: string; name: string; level: string | null }[] {
  return db.prepare('SELECT code, name, level FROM offices ORDER BY name').all() as { code: string; name: string; level: string | null }[];
}

/** The name an office is printed and reported under; an office phieu does not have is refused, naming the ones it has. */
export function officeNamed(db: Db, officeCode: string): string {
  const office = db.prepare('SELECT name FROM offices WHERE code = ?').get(officeCode) as { name: string } | undefined;
  if (office) return office.name;
  const known = (db.prepare('SELECT code FROM offices ORDER BY code').all() as { code: string }[]).map((o) => o.code);
  throw new PhieuError('unknownOffice', { office: officeCode, known });
}

export interface OfficeSampleProgress {
  officeCode: string;
  officeName: string;
  cases: number;
  required: number;
  short: boolean;
  inSample: number;
  printed: number;
  handedOut: number;
  returned: number;
  refusedOrUnreachable: number;
  reserveLeft: number;
}

/** Per office: the minimum, the members in the sample, and how far their forms have come; the lists in use, or those of one draw (as typed). */
export function officeSampleProgress(db: Db, draw?: number | string): OfficeSampleProgress[] {
  const drawId = draw === undefined ? undefined : Number(draw);
  if (drawId !== undefined && !(Number.isInteger(drawId) && db.prepare('SELECT 1 FROM draws WHERE id = ?').get(drawId))) throw new PhieuError('unknownDraw', { draw: String(draw) });
  // `f.status IS NOT NULL` keeps an office with no form yet at 0 rather than NULL.
  return (
    db
      .prepare(
        `SELECT x.office_code AS officeCode, o.name AS officeName, x.cases, x.required, x.short,
                SUM(m.in_sample) AS inSample,
                SUM(m.in_sample AND f.serial IS NOT NULL) AS printed,
                SUM(m.in_sample AND f.status IS NOT NULL AND f.status IN ('handedOut', 'returned', 'scanned')) AS handedOut,
                SUM(m.in_sample AND f.status IS NOT NULL AND f.status IN ('returned', 'scanned')) AS returned,
                SUM(m.outcome IS NOT NULL) AS refusedOrUnreachable,
                SUM(m.list = 'reserve' AND m.in_sample = 0 AND m.outcome IS NULL) AS reserveLeft
         FROM draw_offices x JOIN offices o ON o.code = x.office_code
         JOIN sample_members m ON m.draw_id = x.draw_id AND m.office_code = x.office_code
         LEFT JOIN forms f ON f.serial = (SELECT MAX(serial) FROM forms WHERE case_code = m.case_code)
         WHERE x.draw_id = COALESCE(?, ${CURRENT_LIST}) GROUP BY x.office_code ORDER BY o.name`,
      )
      .all(drawId ?? null) as (Omit<OfficeSampleProgress, 'short'> & { short: number })[]
  ).map((r) => ({ ...r, short: r.short === 1 }));
}

export interface RecheckCandidate {
  serial: number;
  phone: string;
  caseCode: string;
  name: string | null;
  officeName: string;
}

/** Forms that came back whose case has a phone number, by serial: who a re-check may call. */
export function returnedFormsWithPhone(db: Db): RecheckCandidate[] {
  return db
    .prepare(
      `SELECT f.serial, c.phone, c.case_code AS caseCode, c.name, o.name AS officeName
       FROM forms f JOIN register_cases c ON c.case_code = f.case_code JOIN offices o ON o.code = c.office_code
       WHERE f.status IN ('returned', 'scanned') AND c.phone IS NOT NULL ORDER BY f.serial`,
    )
    .all() as RecheckCandidate[];
}

/** The phones already on the re-check list. */
export function recheckPhones(db: Db): string[] {
  return (db.prepare('SELECT phone FROM rechecks').all() as { phone: string }[]).map((r) => r.phone);
}

/** Puts the drawn forms on the re-check list, audited, in one transaction. */
export function storeRecheckDraw(db: Db, chosen: readonly { serial: number; phone: string }[], draw: { seed: string; share: number; actor: string }): void {
  db.transaction(() => {
    const insert = db.prepare('INSERT INTO rechecks (serial, phone) VALUES (?, ?)');
    for (const c of chosen) insert.run(c.serial, c.phone);
    audit(db, draw.actor, 'recheck.draw', { seed: draw.seed, share: draw.share, forms: chosen.length });
  })();
}

export function recheckList(db: Db): RecheckRow[] {
  return db
    .prepare(
      `SELECT r.serial, r.phone, c.case_code AS caseCode, c.name, o.name AS officeName, r.outcome, r.recorded_at AS recordedAt
       FROM rechecks r JOIN forms f ON f.serial = r.serial LEFT JOIN register_cases c ON c.case_code = f.case_code LEFT JOIN offices o ON o.code = c.office_code ORDER BY r.serial`,
    )
    .all() as RecheckRow[];
}

export function recordRecheckOutcome(db: Db, request: { serial: number; outcome: RecheckOutcome; actor: string }): void {
  const { changes } = db
    .prepare(`UPDATE rechecks SET outcome = ?, recorded_at = strftime('%Y-%m-%dT%H:%M:%fZ'), recorded_by = ? WHERE serial = ?`)
    .run(request.outcome, request.actor, request.serial);
  if (!changes) throw new PhieuError('notInRecheck', { serial: request.serial });
  audit(db, request.actor, 'recheck.outcome', { serial: request.serial, outcome: request.outcome });
}

/** What a personalised copy carries, from the register (see RESPONDENT_FIELDS). */
export type SampleFormCopy = { serial: number; values: Partial<Record<RespondentField, string>> };

/**
 * Records personalised forms for the members of an office's sample who have none of this survey yet (or only the
 * case codes given: a replacement printed alone), in list order, one serial per member linked to the case. Returns
 * what to print on each copy. Forms carry personal data, so each run is audited.
 */
export function recordSampleForms(
  db: Db,
  request: { drawId: number; officeCode: string; layoutHash: string; surveyId: string; caseCodes?: string[]; fileName?: string; actor?: string },
): SampleFormCopy[] {
  const { header, rows } = sampleList(db, request.drawId, request.officeCode);
  const has = db.prepare('SELECT 1 FROM forms WHERE case_code = ? AND survey_id = ?');
  const only = request.caseCodes && new Set(request.caseCodes);
  const wanted = rows.filter((r) => r.inSample && (only ? only.has(r.caseCode) : !has.get(r.caseCode, request.surveyId)));
  if (!wanted.length) return [];
  return db.transaction(() => {
    const run = createPrintRun(db, {
      layoutHash: request.layoutHash,
      surveyId: request.surveyId,
      kind: 'personalised',
      officeCode: request.officeCode,
      caseCodes: wanted.map((r) => r.caseCode),
      fileName: request.fileName,
    });
    audit(db, request.actor ?? 'system', 'sample.forms', { drawId: request.drawId, office: request.officeCode, survey: request.surveyId, printRun: run.id, copies: wanted.length });
    return wanted.map((r, i) => ({
      serial: run.serials[i],
      values: { name: r.name ?? undefined, caseCode: r.caseCode, procedure: r.procedure ?? undefined, office: header.officeName },
    }));
  })();
}
