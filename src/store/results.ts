import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { PhieuError } from '../errors/errorTable.js';
import type { ElectronicMapping } from '../electronic/mapping.js';
import type { ElectronicResponse } from '../electronic/mapRecord.js';
import type { StaffMember } from '../electronic/staffRow.js';
import type { CaseCount, SampleRound } from '../results/adequacy.js';
import type { ResponseRecord, OfficeInfo, StaffList } from '../results/types.js';
import { audit, type Db } from './db.js';
import { officeNamed } from './sampling.js';
import { parseStoredJson, storedAnswers } from './storedJson.js';

/** Whether this file was imported with this mapping before (`whole`: with no row refused). */
export function electronicImportedBefore(db: Db, sha256: string, mappingId: string, { whole }: { whole: boolean }): boolean {
  return Boolean(db.prepare(`SELECT 1 FROM electronic_imports WHERE sha256 = ? AND mapping_id = ?${whole ? ' AND rows_bad = 0' : ''}`).get(sha256, mappingId));
}

/** Whether phieu has an office of this code. */
export function officeExists(db: Db): (officeCode: string) => boolean {
  const known = db.prepare('SELECT 1 FROM offices WHERE code = ?');
  return (officeCode) => Boolean(known.get(officeCode));
}

/**
 * Stores the good responses of an electronic export and its import record, audited, in one transaction; a response
 * already stored (same source and id) is kept as it was.
 */
export function storeElectronicImport(
  db: Db,
  record: { file: string; sha256: string; mapping: ElectronicMapping; surveyId: string; actor: string; rowsRead: number; bad: number },
  good: readonly ElectronicResponse[],
): { kept: number; alreadyKnown: number } {
  const { mapping } = record;
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
        .get(record.file, record.sha256, mapping.id, mapping.source, mapping.name, record.surveyId, JSON.stringify(mapping), record.actor) as { id: number }).id,
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
      record.rowsRead, importId, record.bad, alreadyKnown, importId,
    );
    audit(db, record.actor, 'electronic.import', { file: record.file, sha256: record.sha256, mapping: mapping.id, rows: record.rowsRead, kept, bad: record.bad, alreadyKnown });
  }).immediate();
  return { kept, alreadyKnown };
}

/** Whether a staff list with this content was imported before. */
export function staffFileSeen(db: Db, sha256: string): boolean {
  return Boolean(db.prepare('SELECT 1 FROM staff_imports WHERE sha256 = ?').get(sha256));
}

/** Starts the record of a staff list import; inside the caller's transaction, finished by `finishStaffImport`. */
export function beginStaffImport(db: Db, record: { file: string; sha256: string; actor: string }): number {
  return Number(db.prepare('INSERT INTO staff_imports (file_name, sha256, rows_read, rows_kept, rows_bad, actor) VALUES (?, ?, 0, 0, 0, ?)').run(record.file, record.sha256, record.actor).lastInsertRowid);
}

export function finishStaffImport(db: Db, importId: number, counts: { rowsRead: number; kept: number; bad: number }): void {
  db.prepare('UPDATE staff_imports SET rows_read = ?, rows_kept = ?, rows_bad = ? WHERE id = ?').run(counts.rowsRead, counts.kept, counts.bad, importId);
}

/** Every official listed, as the list gave them. */
export function staffMembers(db: Db): Pick<StaffMember, 'name' | 'phone' | 'account' | 'device'>[] {
  return db.prepare('SELECT name, phone, account, device FROM staff_members').all() as Pick<StaffMember, 'name' | 'phone' | 'account' | 'device'>[];
}

/** Adds an official (unless the very same is listed); 1 when added. */
export function addStaffMember(db: Db, member: StaffMember, importId: number): number {
  return db
    .prepare(
      `INSERT INTO staff_members (name, office_name, phone, account, device, import_id) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (COALESCE(name, ''), COALESCE(phone, ''), COALESCE(account, ''), COALESCE(device, '')) DO NOTHING`,
    )
    .run(member.name, member.officeName, member.phone, member.account, member.device, importId).changes;
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

/** Stores a kiosk's checked answer as an electronic response of source "kiosk"; inside the caller's transaction. */
export function storeKioskResponse(
  db: Db,
  response: { kiosk: Kiosk; surveyId: string; caseCode: string; submittedAt: string; answers: Record<string, unknown> },
): { id: number; externalId: string } {
  const externalId = randomUUID();
  const id = Number(
    db
      .prepare(
        `INSERT INTO electronic_responses (source, external_id, survey_id, office_code, case_code, device, submitted_at, answers_json, kiosk_id)
         VALUES ('kiosk', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(externalId, response.surveyId, response.kiosk.officeCode, response.caseCode, `kiosk-${response.kiosk.id}`, response.submittedAt, JSON.stringify(response.answers), response.kiosk.id)
      .lastInsertRowid,
  );
  return { id, externalId };
}

export interface PaperFormRow {
  serial: number;
  officeCode: string | null;
  caseCode: string | null;
  recheck: ResponseRecord['recheck'];
  scannedAt: string;
  pagesRead: number;
  openItems: number;
}

/** Paper forms of a survey with at least one page read: how many pages, and whether a counting item is open. */
export function paperFormRows(db: Db, surveyId: string): PaperFormRow[] {
  return db
    .prepare(
      `SELECT f.serial, f.office_code AS officeCode, f.case_code AS caseCode, r.outcome AS recheck,
              MIN(p.created_at) AS scannedAt, COUNT(DISTINCT p.page_number) AS pagesRead,
              EXISTS (SELECT 1 FROM review_items i WHERE i.serial = f.serial AND i.status IN ('open', 'referred') AND i.queue = 'counting') AS openItems
       FROM forms f JOIN pages p ON p.serial = f.serial AND p.outcome = 'read'
       LEFT JOIN rechecks r ON r.serial = f.serial
       WHERE f.survey_id = ? GROUP BY f.serial ORDER BY f.serial`,
    )
    .all(surveyId) as PaperFormRow[];
}

export interface RegisteredCase {
  /** As the register spells it (000123.25.47), whatever spelling it was looked up by. */
  caseCode: string;
  officeCode: string;
  phone: string | null;
  name: string | null;
  address: string | null;
  returnedOn: string | null;
  procedure: string | null;
  field: string | null;
}

/**
 * A case of the register by its code, as the register spells it or by its digits alone: a register may write
 * 000123.25.47 where a quick form has a box per digit, and a code read or typed there keeps only its digits.
 */
export function registeredCase(db: Db): (caseCode: string) => RegisteredCase | undefined {
  const caseOf = db.prepare('SELECT case_code AS caseCode, office_code AS officeCode, phone, name, address, returned_on AS returnedOn, procedure, field FROM register_cases WHERE case_code = ?');
  let spellingOf: Map<string, string> | undefined;
  return (caseCode) => {
    const exact = caseOf.get(caseCode) as RegisteredCase | undefined;
    if (exact || !/^\d+$/.test(caseCode)) return exact;
    spellingOf ??= new Map((db.prepare('SELECT case_code FROM register_cases').pluck().all() as string[]).map((code) => [code.replace(/\D/g, ''), code]));
    const spelled = spellingOf.get(caseCode);
    return spelled === undefined ? undefined : (caseOf.get(spelled) as RegisteredCase);
  };
}

export interface ElectronicResponseRow {
  source: string;
  externalId: string;
  officeCode: string | null;
  caseCode: string | null;
  phone: string | null;
  casePhone: string | null;
  idNumber: string | null;
  name: string | null;
  address: string | null;
  account: string | null;
  device: string | null;
  submittedAt: string;
  /** The export's, else the case's in the register. */
  procedure: string | null;
  field: string | null;
  answers: ResponseRecord['answers'];
}

/** Stored electronic responses of a survey, with the office and phone of their case. */
export function electronicResponseRows(db: Db, surveyId: string): ElectronicResponseRow[] {
  const rows = db
    .prepare(
      `SELECT e.source, e.external_id AS externalId, COALESCE(e.office_code, c.office_code) AS officeCode, e.case_code AS caseCode, e.phone, c.phone AS casePhone,
              e.id_number AS idNumber, c.name, c.address, e.account, e.device, e.submitted_at AS submittedAt, e.answers_json AS answers, e.id,
              COALESCE(e.procedure, c.procedure) AS procedure, COALESCE(e.field, c.field) AS field
       FROM electronic_responses e LEFT JOIN register_cases c ON c.case_code = e.case_code WHERE e.survey_id = ? ORDER BY e.id`,
    )
    .all(surveyId) as (Omit<ElectronicResponseRow, 'answers'> & { id: number; answers: unknown })[];
  // Each row's stored answers replaced by their checked value in place: no second object for each of a year's responses.
  for (const row of rows) row.answers = parseStoredJson(row.answers as string, storedAnswers, { table: 'electronic_responses', row: row.id });
  return rows as ElectronicResponseRow[];
}

/** The electronic sources imported, with the names their mappings give them. */
export function electronicSources(db: Db): { source: string; name: string }[] {
  return db.prepare('SELECT source, source_name AS name FROM electronic_imports ORDER BY id').all() as { source: string; name: string }[];
}

export function resultOffices(db: Db): OfficeInfo[] {
  return db.prepare('SELECT code, name, level FROM offices').all() as OfficeInfo[];
}

/** The register's cases counted by office and return day: what the adequacy of each office's sample is weighed against. */
export function casesByOfficeAndDay(db: Db): CaseCount[] {
  return db.prepare('SELECT office_code AS officeCode, returned_on AS returnedOn, COUNT(*) AS count FROM register_cases GROUP BY office_code, returned_on').all() as CaseCount[];
}

/** Each office's sampling rounds: the list in use per period (a re-draw replaces the list before it, not the round). */
export function sampleRounds(db: Db): SampleRound[] {
  return db
    .prepare(
      `SELECT x.office_code AS officeCode, d.period_from AS "from", d.period_to AS "to", x.cases, x.required FROM draw_offices x JOIN draws d ON d.id = x.draw_id
       WHERE x.draw_id = (SELECT MAX(y.draw_id) FROM draw_offices y JOIN draws e ON e.id = y.draw_id
                          WHERE y.office_code = x.office_code AND e.period_from IS d.period_from AND e.period_to IS d.period_to)`,
    )
    .all() as SampleRound[];
}
