import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PhieuError } from '../errors/errorTable.js';
import { openRegisterTable } from '../io/registerFile.js';
import type { RecheckOutcome, RecheckRow, SampleListHeader, SampleListRow } from '../sampling/sampleList.js';
import { drawSamples, type DrawParameters, type OfficeDraw, type SamplingCase } from '../sampling/drawSample.js';
import { checkFieldTransition, type FieldState, type FieldStatus } from '../sampling/fieldStatus.js';
import { DEFAULT_TIERS, sampleTiersSchema, type SampleTiers } from '../sampling/tiers.js';
import { officeCodeOf, officeLevelOf } from '../sampling/offices.js';
import { personKey } from '../sampling/personIdentity.js';
import { seededRandom, shuffled } from '../sampling/random.js';
import { parseRegisterRow, recogniseColumns, FIELD_LABELS, type ColumnMapping, type RegisterCase, type RowError } from '../sampling/registerRow.js';
import type { RespondentField } from '../survey/schema.js';
import { audit, type Db } from './db.js';
import { readSetting, writeSetting, type Setting } from './settings.js';
import { createPrintRun } from './printRuns.js';

export interface ImportReport {
  file: string;
  /** This very file was imported before and added nothing now. */
  alreadyImported: boolean;
  rowsRead: number;
  kept: number;
  /** Case codes already in the register from an earlier import (kept as they were). */
  alreadyKnown: number;
  /** Good rows whose result was returned outside the period asked for (or with no return date). */
  outsidePeriod: number;
  bad: RowError[];
  /** Rows without errors; stored only when the file had no bad rows or a partial import was accepted. */
  goodRows: number;
  /** False when the file had bad rows and a partial import was not accepted: nothing of it was stored. */
  stored: boolean;
  offices: number;
}

export interface ImportOptions {
  actor: string;
  mapping?: ColumnMapping;
  /** Keep only cases whose result was returned in this period (ISO dates, inclusive). */
  periodFrom?: string;
  periodTo?: string;
  /** Store the good rows of a file that has bad rows (the planner saw the errors and chose to go on). */
  acceptPartial?: boolean;
  onProgress?: (progress: { rows: number; bytes: number; totalBytes: number }) => void;
}

const PROGRESS_EVERY_ROWS = 5000;

/**
 * Imports a register of finished cases. Every bad row is reported (row, column, reason); a file with bad rows stores
 * nothing unless `acceptPartial` says to store its good rows. The file is parsed as a stream and validated row by
 * row; the good rows wait in a temporary table (see stageRegisterRows) and are then written in one transaction.
 *
 * Re-importing is idempotent by case code: a case code already in the register keeps its first row and is counted
 * in `alreadyKnown`, so importing the same file again adds nothing (and says so with `alreadyImported`), and a later
 * register that repeats earlier cases adds only the new ones.
 */
export async function importRegister(db: Db, file: string, options: ImportOptions): Promise<ImportReport> {
  const name = path.basename(file);
  const sha256 = await sha256OfFile(file);
  const table = await openRegisterTable(file, Object.values(options.mapping ?? {}));
  const { columns, missing } = recogniseColumns(table.headers, options.mapping);
  if (missing.length) {
    await table.close();
    throw new PhieuError('registerMissingColumns', { file: name, columns: missing.map((f) => FIELD_LABELS[f]), headerRow: table.headerRow, present: table.headers.filter(Boolean).map(String) });
  }
  const inPeriod = (c: RegisterCase) =>
    (!options.periodFrom && !options.periodTo) || (c.returnedOn !== null && (!options.periodFrom || c.returnedOn >= options.periodFrom) && (!options.periodTo || c.returnedOn <= options.periodTo));
  const bad: RowError[] = [];
  const staged = stageRegisterRows(db);
  let rowsRead = 0;
  let goodRows = 0;
  let outsidePeriod = 0;
  try {
    let chunk: { row: number; value: RegisterCase }[] = [];
    const flush = () => {
      for (const { row, caseCode, firstRow } of staged.add(chunk, inPeriod)) bad.push({ row, column: FIELD_LABELS.caseCode, reason: `mã hồ sơ ${caseCode} trùng với dòng ${firstRow}` });
      chunk = [];
    };
    for await (const { row, cells } of table.rows) {
      if (++rowsRead % PROGRESS_EVERY_ROWS === 0) options.onProgress?.({ rows: rowsRead, ...table.progress() });
      const { value, errors } = parseRegisterRow(cells, columns, row, table.positional ? undefined : table.headers);
      if (!value) bad.push(...errors);
      else chunk.push({ row, value });
      if (chunk.length >= STAGED_CHUNK_ROWS) flush();
    }
    flush();
    // Duplicates are found a chunk at a time; the report lists every bad row in file order.
    bad.sort((a, b) => a.row - b.row);
    options.onProgress?.({ rows: rowsRead, ...table.progress() });
    ({ goodRows, outsidePeriod } = staged.counts());
    if (bad.length && !options.acceptPartial) return { file: name, alreadyImported: false, rowsRead, kept: 0, alreadyKnown: 0, outsidePeriod, bad, goodRows, stored: false, offices: 0 };
    const seenBefore = Boolean(db.prepare('SELECT 1 FROM register_imports WHERE sha256 = ?').get(sha256));
    let kept = 0;
    let offices = 0;
    const inPeriodRows = goodRows - outsidePeriod;
    db.transaction(() => {
      const importId = Number(
        db.prepare('INSERT INTO register_imports (file_name, sha256, rows_read, rows_kept, rows_bad, actor) VALUES (?, ?, 0, 0, 0, ?)').run(name, sha256, options.actor).lastInsertRowid,
      );
      ({ kept, offices } = staged.store(importId));
      db.prepare('UPDATE register_imports SET rows_read = ?, rows_kept = ?, rows_bad = ? WHERE id = ?').run(rowsRead, kept, bad.length, importId);
      audit(db, options.actor, 'register.import', {
        file: name,
        sha256,
        rows: rowsRead,
        kept,
        bad: bad.length,
        alreadyKnown: inPeriodRows - kept,
        outsidePeriod,
        periodFrom: options.periodFrom ?? null,
        periodTo: options.periodTo ?? null,
      });
    }).immediate();
    return { file: name, alreadyImported: seenBefore && kept === 0, rowsRead, kept, alreadyKnown: inPeriodRows - kept, outsidePeriod, bad, goodRows, stored: true, offices };
  } finally {
    staged.drop();
  }
}

const STAGED_CHUNK_ROWS = 2_000;

/**
 * Good rows of a register being imported, held in a temporary table of this connection (on disk, in SQLite's temp
 * store) instead of as objects in memory: a 200,000-row register would otherwise hold them all until it is stored.
 * Each import has a table of its own, so two imports on the server's one connection do not mix.
 */
function stageRegisterRows(db: Db) {
  const table = `temp.register_staging_${randomBytes(6).toString('hex')}`;
  db.exec(
    `CREATE TABLE ${table} (case_code TEXT PRIMARY KEY, row INTEGER NOT NULL, in_period INTEGER NOT NULL, office_code TEXT NOT NULL, office_name TEXT NOT NULL,
       office_level TEXT, procedure TEXT, field TEXT, received_on TEXT, returned_on TEXT, name TEXT, phone TEXT, address TEXT, kind TEXT)`,
  );
  const insert = db.prepare(
    `INSERT INTO ${table} (case_code, row, in_period, office_code, office_name, office_level, procedure, field, received_on, returned_on, name, phone, address, kind)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_code) DO NOTHING`,
  );
  const firstRowOf = db.prepare(`SELECT row FROM ${table} WHERE case_code = ?`).pluck();
  return {
    /** Stages the rows; gives back those whose case code an earlier row already had, with that row. */
    add: db.transaction((rows: { row: number; value: RegisterCase }[], inPeriod: (c: RegisterCase) => boolean) => {
      const repeated: { row: number; caseCode: string; firstRow: number }[] = [];
      for (const { row, value: c } of rows) {
        const staged = insert.run(c.caseCode, row, inPeriod(c) ? 1 : 0, officeCodeOf(c.officeName), c.officeName, officeLevelOf(c.officeName), c.procedure, c.field ?? null, c.receivedOn, c.returnedOn, c.name, c.phone, c.address, c.kind);
        if (!staged.changes) repeated.push({ row, caseCode: c.caseCode, firstRow: firstRowOf.get(c.caseCode) as number });
      }
      return repeated;
    }),
    counts: () => db.prepare(`SELECT count(*) AS goodRows, count(*) - coalesce(sum(in_period), 0) AS outsidePeriod FROM ${table}`).get() as { goodRows: number; outsidePeriod: number },
    /** Stores the staged cases of the period (a case code already in the register keeps its first row) and their offices. */
    store: (importId: number) => {
      // An office is named as its first row in the file names it.
      db.prepare(
        `INSERT INTO offices (code, name, level) SELECT office_code, office_name, office_level FROM (SELECT office_code, office_name, office_level, min(row) FROM ${table} WHERE in_period GROUP BY office_code) WHERE true ON CONFLICT (code) DO NOTHING`,
      ).run();
      const kept = db
        .prepare(
          `INSERT INTO register_cases (case_code, office_code, procedure, field, received_on, returned_on, name, phone, address, kind, import_id)
           SELECT case_code, office_code, procedure, field, received_on, returned_on, name, phone, address, kind, ? FROM ${table} WHERE in_period ORDER BY row ON CONFLICT (case_code) DO NOTHING`,
        )
        .run(importId).changes;
      const offices = db.prepare(`SELECT count(DISTINCT office_code) FROM ${table} WHERE in_period`).pluck().get() as number;
      return { kept, offices };
    },
    drop: () => db.exec(`DROP TABLE IF EXISTS ${table}`),
  };
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const SAMPLE_TIERS: Setting<SampleTiers> = { key: 'sampling.tiers', parse: (v) => sampleTiersSchema.parse(v), unset: DEFAULT_TIERS };

/** The minimum sample tiers in force: the stored setting, else the SIPAS defaults. */
export function loadSampleTiers(db: Db): SampleTiers {
  return readSetting(db, SAMPLE_TIERS);
}

export function saveSampleTiers(db: Db, tiers: unknown, actor: string): SampleTiers {
  return writeSetting(db, SAMPLE_TIERS, tiers, actor);
}

export interface DrawRequest extends Omit<DrawParameters, 'tiers'> {
  /** The tiers setting when omitted. */
  tiers?: SampleTiers;
  actor: string;
  /** Cases whose result was returned in this period (ISO dates, inclusive); all cases when omitted. */
  periodFrom?: string;
  periodTo?: string;
}

export interface DrawOutcome {
  /** Null when nothing was drawn: every office already had its list. */
  drawId: number | null;
  /** The offices drawn now. */
  offices: OfficeDraw[];
  /** Offices whose list stays as it was, by code. */
  kept: string[];
}

/**
 * Draws the lists of the offices that have none for this period, and stores them with the seed and parameters.
 * Lists already drawn are kept whatever happened to them since: they may have been printed, exported or handed out,
 * and a second press of "Chọn mẫu" must not change who the enumerators visit. Re-drawing one office is
 * `redrawOffice`, asked for by name.
 */
export function drawAndStore(db: Db, request: DrawRequest): DrawOutcome {
  const period = { from: request.periodFrom ?? null, to: request.periodTo ?? null };
  return db.transaction((): DrawOutcome => {
    const cases = casesOfPeriod(db, period, null);
    if (!cases.length) throw new PhieuError('registerEmpty', {});
    const kept = (
      db
        .prepare('SELECT DISTINCT x.office_code AS code FROM draw_offices x JOIN draws d ON d.id = x.draw_id WHERE d.period_from IS @from AND d.period_to IS @to ORDER BY code')
        .all(period) as { code: string }[]
    ).map((r) => r.code);
    const keptSet = new Set(kept);
    const toDraw = cases.filter((c) => !keptSet.has(c.officeCode));
    if (!toDraw.length) return { drawId: null, offices: [], kept };
    const { drawId, offices } = storeDraw(db, request, toDraw);
    audit(db, request.actor, 'sample.draw', { drawId, seed: request.seed, offices: offices.length, kept: kept.length, short: offices.filter((o) => o.short).map((o) => o.officeCode) });
    return { drawId, offices, kept };
  }).immediate();
}

/**
 * Draws one office's lists again, in the period of the list it replaces, which stays stored but is no longer used.
 * Refused once any form of that list was printed (or handed out, returned…), naming the forms: people may already
 * hold them.
 */
export function redrawOffice(db: Db, request: Omit<DrawRequest, 'periodFrom' | 'periodTo'> & { officeCode: string }): DrawOutcome {
  return db.transaction((): DrawOutcome => {
    const replaced = currentDrawOf(db, request.officeCode);
    const { name, periodFrom, periodTo } = db
      .prepare('SELECT o.name, d.period_from AS periodFrom, d.period_to AS periodTo FROM draws d, offices o WHERE d.id = ? AND o.code = ?')
      .get(replaced, request.officeCode) as { name: string; periodFrom: string | null; periodTo: string | null };
    const serials = (
      db
        .prepare('SELECT f.serial FROM forms f JOIN sample_members m ON m.case_code = f.case_code WHERE m.draw_id = ? AND m.office_code = ? ORDER BY f.serial')
        .all(replaced, request.officeCode) as { serial: number }[]
    ).map((r) => r.serial);
    if (serials.length) throw new PhieuError('redrawAfterPrinting', { office: name, serials });
    const { drawId, offices } = storeDraw(db, { ...request, periodFrom: periodFrom ?? undefined, periodTo: periodTo ?? undefined }, casesOfPeriod(db, { from: periodFrom, to: periodTo }, request.officeCode));
    audit(db, request.actor, 'sample.redraw', { drawId, seed: request.seed, office: request.officeCode, replacedDraw: replaced });
    const kept = (db.prepare('SELECT DISTINCT office_code AS code FROM draw_offices WHERE office_code <> ? ORDER BY code').all(request.officeCode) as { code: string }[]).map((r) => r.code);
    return { drawId, offices, kept };
  }).immediate();
}

function casesOfPeriod(db: Db, period: { from: string | null; to: string | null }, officeCode: string | null): SamplingCase[] {
  return db
    .prepare(
      `SELECT case_code AS caseCode, office_code AS officeCode, phone, name, address FROM register_cases
       WHERE (@from IS NULL OR returned_on >= @from) AND (@to IS NULL OR returned_on <= @to) AND (@office IS NULL OR office_code = @office)`,
    )
    .all({ ...period, office: officeCode }) as SamplingCase[];
}

/** Draws the offices of these cases and stores their lists as one draw; inside the caller's transaction. */
function storeDraw(db: Db, request: DrawRequest, cases: readonly SamplingCase[]): { drawId: number; offices: OfficeDraw[] } {
  const params: DrawParameters = { seed: request.seed, reserveShare: request.reserveShare, tiers: request.tiers ?? loadSampleTiers(db) };
  const offices = drawSamples(cases, params);
  const drawId = Number(
    db
      .prepare('INSERT INTO draws (seed, params_json, period_from, period_to, actor) VALUES (?, ?, ?, ?, ?)')
      .run(params.seed, JSON.stringify({ reserveShare: params.reserveShare, tiers: params.tiers }), request.periodFrom ?? null, request.periodTo ?? null, request.actor).lastInsertRowid,
  );
  const office = db.prepare('INSERT INTO draw_offices (draw_id, office_code, cases, people, required, short) VALUES (?, ?, ?, ?, ?, ?)');
  const member = db.prepare('INSERT INTO sample_members (draw_id, office_code, list, position, case_code, in_sample) VALUES (?, ?, ?, ?, ?, ?)');
  for (const o of offices) {
    office.run(drawId, o.officeCode, o.cases, o.people, o.required, Number(o.short));
    o.official.forEach((c, i) => member.run(drawId, o.officeCode, 'official', i + 1, c, 1));
    o.reserve.forEach((c, i) => member.run(drawId, o.officeCode, 'reserve', i + 1, c, 0));
  }
  return { drawId, offices };
}

/** The draw whose list of the office is in use: the latest that drew it (a re-draw replaces the list before it). */
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

export interface FieldStatusResult {
  serial: number | null;
  caseCode: string;
  /** The reserve member promoted in this member's place, to print a form for alone. */
  replacement: string | null;
  /** The draw and office of the member, when the case is in a drawn sample. */
  drawId: number | null;
  officeCode: string | null;
}

/**
 * Records what happened to a form in the field (by serial, or by case code: its latest form). Only the changes of
 * `checkFieldTransition` are made; any other is refused with the reason. A refusal or an unreachable person takes the
 * member out of the sample and promotes the next reserve member of the office in drawn order. A form already scanned
 * stays scanned: it came back, whatever the field sheet says.
 */
export function markFieldStatus(db: Db, request: { serial?: number; caseCode?: string; status: FieldStatus; actor: string }): FieldStatusResult {
  return db.transaction((): FieldStatusResult => {
    const form = (
      request.serial
        ? db.prepare('SELECT serial, case_code, status FROM forms WHERE serial = ?').get(request.serial)
        : db.prepare('SELECT serial, case_code, status FROM forms WHERE case_code = ? ORDER BY serial DESC LIMIT 1').get(request.caseCode)
    ) as { serial: number; case_code: string | null; status: Exclude<FieldState, 'notPrinted'> } | undefined;
    if (request.serial && !form) throw new PhieuError('unknownForm', { serial: request.serial });
    const caseCode = form ? form.case_code : request.caseCode;
    if (!caseCode) throw request.serial ? new PhieuError('blankForm', { serial: request.serial }) : new PhieuError('serialOrCaseNeeded', {});
    const member = db
      .prepare(`SELECT m.draw_id AS drawId, m.office_code AS officeCode, m.in_sample AS inSample, m.outcome FROM sample_members m JOIN draw_offices x USING (draw_id, office_code)
                WHERE m.case_code = ? AND x.draw_id = ${CURRENT_LIST}`)
      .get(caseCode) as { drawId: number; officeCode: string; inSample: number; outcome: 'refused' | 'unreachable' | null } | undefined;
    if (!form && !member) throw new PhieuError('caseNotInSample', { caseCode });
    const state: FieldState = form?.status ?? member?.outcome ?? 'notPrinted';
    const allowed = checkFieldTransition(state, request.status, form ? `Phiếu số ${form.serial}` : `Hồ sơ ${caseCode}`);
    if (!allowed.ok) throw new PhieuError('fieldStatusNotAllowed', { reason: allowed.reason });
    if (form && form.status !== 'scanned') db.prepare(`UPDATE forms SET status = ?, status_at = strftime('%Y-%m-%dT%H:%M:%fZ') WHERE serial = ?`).run(request.status, form.serial);
    let replacement: string | null = null;
    if ((request.status === 'refused' || request.status === 'unreachable') && member?.inSample) {
      db.prepare('UPDATE sample_members SET in_sample = 0, outcome = ? WHERE draw_id = ? AND case_code = ?').run(request.status, member.drawId, caseCode);
      const next = db
        .prepare(`SELECT case_code FROM sample_members WHERE draw_id = ? AND office_code = ? AND list = 'reserve' AND in_sample = 0 AND outcome IS NULL ORDER BY position LIMIT 1`)
        .get(member.drawId, member.officeCode) as { case_code: string } | undefined;
      if (next) {
        db.prepare('UPDATE sample_members SET in_sample = 1, replaces = ? WHERE draw_id = ? AND case_code = ?').run(caseCode, member.drawId, next.case_code);
        replacement = next.case_code;
      }
    }
    audit(db, request.actor, 'field.status', { serial: form?.serial ?? null, caseCode, status: request.status, replacement });
    return { serial: form?.serial ?? null, caseCode, replacement, drawId: member?.drawId ?? null, officeCode: member?.officeCode ?? null };
  }).immediate();
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

/**
 * Draws the re-check (phúc tra): a seeded random share of the people whose form came back and whose case has a phone
 * number, each called about one form (their first returned). A person already on the re-check list is not drawn
 * again. Outcomes are recorded later; a denied form is excluded from the results.
 */
export function drawRecheck(db: Db, request: { share: number; seed: string; actor: string }): { serial: number; phone: string; caseCode: string; name: string | null; officeName: string }[] {
  const returned = db
    .prepare(
      `SELECT f.serial, c.phone, c.case_code AS caseCode, c.name, o.name AS officeName
       FROM forms f JOIN register_cases c ON c.case_code = f.case_code JOIN offices o ON o.code = c.office_code
       WHERE f.status IN ('returned', 'scanned') AND c.phone IS NOT NULL ORDER BY f.serial`,
    )
    .all() as { serial: number; phone: string; caseCode: string; name: string | null; officeName: string }[];
  const called = new Set((db.prepare('SELECT phone FROM rechecks').all() as { phone: string }[]).map((r) => personKey({ caseCode: '', phone: r.phone })));
  const firstFormOf = new Map<string, (typeof returned)[number]>();
  for (const form of returned) {
    const person = personKey(form);
    if (!called.has(person) && !firstFormOf.has(person)) firstFormOf.set(person, form);
  }
  const candidates = [...firstFormOf.values()];
  const chosen = shuffled(candidates, seededRandom(request.seed)).slice(0, Math.ceil(candidates.length * request.share));
  chosen.sort((a, b) => a.serial - b.serial);
  db.transaction(() => {
    const insert = db.prepare('INSERT INTO rechecks (serial, phone) VALUES (?, ?)');
    for (const c of chosen) insert.run(c.serial, c.phone);
    audit(db, request.actor, 'recheck.draw', { seed: request.seed, share: request.share, forms: chosen.length });
  })();
  return chosen;
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
