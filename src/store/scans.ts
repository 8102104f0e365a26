import type { FieldRead, PageRead } from '../recognize/readPage.js';
import { reviewQueueOf } from '../survey/reviewQueue.js';
import type { Db } from './db.js';
import { storedJson } from './storedJson.js';

export interface ScanFileRecord {
  sha256: string;
  name: string;
  size: number;
  source: ScanSource;
  batch?: string;
  /** The batch whose box scores set its mark cut (src/store/markCuts.ts). */
  markBatch?: number;
}

export type ScanSource = 'cli' | 'hotFolder' | 'upload' | 'station';

/** Where a scan file came from, as the scanning screen names it. */
export const SCAN_SOURCE_LABELS: Record<ScanSource, string> = { cli: 'Dòng lệnh', hotFolder: 'Thư mục quét', upload: 'Tải lên trên web', station: 'Trạm quét' };

export type StoredOutcome = 'read' | 'blank' | 'unreadable' | 'notOurForm' | 'refused' | 'wrongSurvey' | 'unknownSerial' | 'duplicate';

/** What became of a stored page, as people read it (the pages screen, the audit log). */
export const PAGE_OUTCOME_LABELS: Record<StoredOutcome, string> = {
  read: 'Đọc được',
  blank: 'Trang trắng',
  unreadable: 'Không đọc được',
  notOurForm: 'Không phải phiếu của hệ thống',
  refused: 'Tệp hỏng / bị từ chối',
  wrongSurvey: 'Sai loại phiếu',
  unknownSerial: 'Số phiếu chưa từng in',
  duplicate: 'Trùng (bản sao hoặc quét lại)',
};

export function findScanFile(db: Db, sha256: string) {
  return db.prepare('SELECT sha256, name, status, page_count AS pageCount, error FROM scan_files WHERE sha256 = ?').get(sha256) as
    | { sha256: string; name: string; status: 'processing' | 'done' | 'rejected'; pageCount: number | null; error: string | null }
    | undefined;
}

/** Registers a file (once: a file is known by its content) and returns the page indexes already acknowledged. */
export function beginScanFile(db: Db, file: ScanFileRecord, pageCount: number): Set<number> {
  db.prepare(
    `INSERT INTO scan_files (sha256, name, size, source, batch, mark_batch, page_count, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'processing')
     ON CONFLICT (sha256) DO NOTHING`,
  ).run(file.sha256, file.name, file.size, file.source, file.batch ?? null, file.markBatch ?? null, pageCount);
  const rows = db.prepare('SELECT page_index FROM pages WHERE file_sha256 = ?').all(file.sha256) as { page_index: number }[];
  return new Set(rows.map((r) => r.page_index));
}

export function rejectScanFile(db: Db, file: ScanFileRecord, error: string): void {
  db.prepare(
    `INSERT INTO scan_files (sha256, name, size, source, batch, status, error, finished_at)
     VALUES (?, ?, ?, ?, ?, 'rejected', ?, strftime('%Y-%m-%dT%H:%M:%fZ')) ON CONFLICT (sha256) DO NOTHING`,
  ).run(file.sha256, file.name, file.size, file.source, file.batch ?? null, error);
}

export function finishScanFile(db: Db, sha256: string): void {
  db.prepare(`UPDATE scan_files SET status = 'done', finished_at = strftime('%Y-%m-%dT%H:%M:%fZ') WHERE sha256 = ? AND status = 'processing'`).run(sha256);
}

export interface PageToStore {
  sha256: string;
  pageIndex: number;
  read: PageRead | { kind: 'refused'; reason: string; message: string };
  imageFile?: string;
  clips: { questionId: string; cell: number; png: Uint8Array }[];
  /** A batch declared for one survey: pages of another are set aside as wrongSurvey. */
  expectedSurvey?: string;
}

type FormPageRead = Extract<PageRead, { kind: 'read' }>;

const REASON_PRIORITY: Record<string, number> = {
  multipleAnswers: 50,
  tooManyAnswers: 50,
  heavyMark: 45,
  cancelledOnly: 40,
  marginalMark: 30,
  // Digit fields reach a person only when in doubt (a confident field is stored as read); written text always does.
  crossedOut: 35,
  badPhone: 32,
  doubtfulDigit: 25,
  badDate: 25,
  notInRegister: 25,
  lowConfidence: 12,
  handwriting: 10,
};

/**
 * What the ingest service makes of a form's read page as it is stored (ingest/knownValues: its digits weighed against
 * what phieu knows then), run inside the storing transaction so it sees the database as the page is stored.
 */
export type WeighRead = (read: FormPageRead) => FormPageRead;

/**
 * Stores one page in one transaction: its original read (weighed by `weigh`), clips and review items, and the form's
 * status. Returns the outcome. A page already stored (same file, same index) is left as it is, so a rerun after a
 * crash adds nothing twice.
 */
export function storePage(db: Db, page: PageToStore, weigh: WeighRead): StoredOutcome {
  return db.transaction((): StoredOutcome => {
    const existing = db.prepare('SELECT outcome FROM pages WHERE file_sha256 = ? AND page_index = ?').get(page.sha256, page.pageIndex) as { outcome: StoredOutcome } | undefined;
    if (existing) return existing.outcome;
    const { outcome, reason } = classify(db, page);
    const read = outcome === 'read' && page.read.kind === 'read' ? weigh(page.read) : page.read;
    const qr = read.kind === 'read' || read.kind === 'unreadable' ? read.qr : undefined;
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO pages (file_sha256, page_index, outcome, reason, serial, page_number, survey_id, layout_hash, read_json, image_file)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(page.sha256, page.pageIndex, outcome, reason ?? null, qr?.serial ?? null, qr?.page ?? null, qr?.surveyId ?? null, qr?.layoutHash ?? null, storedJson(read), page.imageFile ?? null);
    const pageId = Number(lastInsertRowid);
    if (outcome === 'read' && read.kind === 'read') {
      storeFormPage(db, pageId, read, page.clips);
    } else if (outcome !== 'blank') {
      storeClips(db, pageId, page.clips);
      // Pages that could not be matched to a form wait on the page screen, before any field.
      db.prepare("INSERT INTO review_items (page_id, serial, question_id, reason, priority, queue) VALUES (?, ?, NULL, ?, 100, 'counting')").run(pageId, qr?.serial ?? null, outcome);
    }
    return outcome;
  }).immediate();
}

/** What makes a stored page a form's page: its clips, a review item per field in doubt, and the form scanned. */
function storeFormPage(db: Db, pageId: number, read: FormPageRead, clips: PageToStore['clips']): void {
  storeClips(db, pageId, clips);
  const addItem = db.prepare('INSERT INTO review_items (page_id, serial, question_id, reason, priority, queue) VALUES (?, ?, ?, ?, ?, ?)');
  for (const field of read.fields) {
    if (field.reasons.length) addItem.run(pageId, read.qr.serial, field.questionId, field.reasons.join(','), priorityOf(field), reviewQueueOf(field));
  }
  db.prepare(`UPDATE forms SET status = 'scanned', status_at = strftime('%Y-%m-%dT%H:%M:%fZ') WHERE serial = ?`).run(read.qr.serial);
}

function storeClips(db: Db, pageId: number, clips: PageToStore['clips']): void {
  const insertClip = db.prepare('INSERT INTO clips (page_id, question_id, cell, png) VALUES (?, ?, ?, ?)');
  for (const clip of clips) insertClip.run(pageId, clip.questionId, clip.cell, Buffer.from(clip.png));
}

export interface PlacedPageToStore {
  pageId: number;
  actor: string;
  /** The page read again as the form's page a person placed it on. */
  read: FormPageRead;
  imageFile?: string;
  clips: PageToStore['clips'];
}

/**
 * Makes a page a person placed on a form that form's read page, exactly as if its code had been read: the assignment
 * keeps everything the row held before, then the row takes the new read, with its clips and review items. Run inside
 * the caller's transaction, after checking the form's page is not in already. A page placed before placed pages were
 * read again already has its assignment, which gains the original.
 */
export function storePlacedPage(db: Db, placed: PlacedPageToStore, weigh: WeighRead): void {
  const page = { ...placed, read: weigh(placed.read) };
  const { qr } = page.read;
  db.prepare(
    `INSERT INTO page_assignments (page_id, serial, page_number, assigned_by, original_outcome, original_reason, original_serial, original_page_number,
                                   original_survey_id, original_layout_hash, original_read_json, original_image_file)
     SELECT id, ?, ?, ?, outcome, reason, serial, page_number, survey_id, layout_hash, read_json, image_file FROM pages WHERE id = ?
     ON CONFLICT (page_id) DO UPDATE SET original_outcome = excluded.original_outcome, original_reason = excluded.original_reason,
       original_serial = excluded.original_serial, original_page_number = excluded.original_page_number, original_survey_id = excluded.original_survey_id,
       original_layout_hash = excluded.original_layout_hash, original_read_json = excluded.original_read_json, original_image_file = excluded.original_image_file`,
  ).run(qr.serial, qr.page, page.actor, page.pageId);
  db.prepare(
    `UPDATE pages SET outcome = 'read', reason = NULL, serial = ?, page_number = ?, survey_id = ?, layout_hash = ?, read_json = ?, image_file = ? WHERE id = ?`,
  ).run(qr.serial, qr.page, qr.surveyId, qr.layoutHash, storedJson(page.read), page.imageFile ?? null, page.pageId);
  db.prepare('DELETE FROM clips WHERE page_id = ?').run(page.pageId);
  storeFormPage(db, page.pageId, page.read, page.clips);
}

function classify(db: Db, page: PageToStore): { outcome: StoredOutcome; reason?: string } {
  const read = page.read;
  if (read.kind !== 'read') return { outcome: read.kind, reason: 'reason' in read ? read.reason : undefined };
  const form = db.prepare('SELECT survey_id FROM forms WHERE serial = ?').get(read.qr.serial) as { survey_id: string } | undefined;
  if (!form) return { outcome: 'unknownSerial', reason: `serial ${read.qr.serial} was never printed here` };
  if (page.expectedSurvey && read.qr.surveyId !== page.expectedSurvey) {
    return { outcome: 'wrongSurvey', reason: `a page of survey "${read.qr.surveyId}" in a batch of "${page.expectedSurvey}"` };
  }
  const first = db.prepare(`SELECT p.id, f.name FROM pages p JOIN scan_files f ON f.sha256 = p.file_sha256 WHERE p.serial = ? AND p.page_number = ? AND p.outcome = 'read'`).get(read.qr.serial, read.qr.page) as
    | { id: number; name: string }
    | undefined;
  if (first) return { outcome: 'duplicate', reason: `page ${read.qr.page} of form ${read.qr.serial} was already scanned (${first.name}): a rescan or a photocopy` };
  return { outcome: 'read' };
}

export function priorityOf(field: FieldRead): number {
  const base = Math.max(...field.reasons.map((r) => REASON_PRIORITY[r] ?? 20));
  // Among marginal marks, the closer a score sits to the middle of the doubtful band the more doubtful it is.
  if ('boxes' in field) return base + Math.max(0, ...field.boxes.filter((b) => b.state === 'marginal').map((b) => b.score));
  // Among doubtful digit fields, the less sure the least sure digit, the sooner a person sees it.
  if ('cells' in field) return base + (1 - field.confidence);
  return base;
}

/** A page placed on a form before placed pages were read again: still not read, its form still waiting for it. */
export interface PlacedUnreadPage {
  itemId: number;
  pageId: number;
  sha256: string;
  pageIndex: number;
  readJson: string;
  serial: number;
  pageNumber: number;
  actor: string;
  surveyId: string;
  layoutHash: string;
}

export function placedUnreadPages(db: Db): PlacedUnreadPage[] {
  return db
    .prepare(
      `SELECT r.id AS itemId, p.id AS pageId, p.file_sha256 AS sha256, p.page_index AS pageIndex, p.read_json AS readJson, a.serial, a.page_number AS pageNumber,
              a.assigned_by AS actor, f.survey_id AS surveyId, f.layout_hash AS layoutHash
       FROM page_assignments a JOIN pages p ON p.id = a.page_id JOIN forms f ON f.serial = a.serial
       JOIN review_items r ON r.page_id = p.id AND r.question_id IS NULL
       WHERE a.original_outcome IS NULL AND p.outcome <> 'read' ORDER BY a.page_id`,
    )
    .all() as PlacedUnreadPage[];
}

export function scanFileCount(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM scan_files').get() as { n: number }).n;
}

/** Where a stored page's image is, what it was read as, and the layout and page of its form when it was read onto one. */
export interface StoredPageInfo {
  imageFile: string | null;
  layoutHash: string | null;
  pageNumber: number | null;
  kind: string;
}

export function storedPageInfo(db: Db, pageId: number): StoredPageInfo | undefined {
  return db
    .prepare(`SELECT image_file AS imageFile, layout_hash AS layoutHash, page_number AS pageNumber, json_extract(read_json, '$.kind') AS kind FROM pages WHERE id = ?`)
    .get(pageId) as StoredPageInfo | undefined;
}

/** The clips kept of a field of a page (one, or one a comb cell), in cell order. */
export function fieldClips(db: Db, pageId: number, questionId: string): { cell: number; png: Buffer }[] {
  return db.prepare('SELECT cell, png FROM clips WHERE page_id = ? AND question_id = ? ORDER BY cell').all(pageId, questionId) as { cell: number; png: Buffer }[];
}

/** What phieu knows of a file by its content: read (its status), or queued as an upload, or nothing. */
export function scanFileStatus(db: Db, sha256: string): string | null | undefined {
  const known = db.prepare('SELECT status FROM scan_files WHERE sha256 = ?').get(sha256) as { status: string } | undefined;
  const queued = db.prepare(`SELECT status FROM uploads WHERE sha256 = ? ORDER BY id DESC LIMIT 1`).get(sha256) as { status: string } | undefined;
  return (known ?? queued)?.status;
}
