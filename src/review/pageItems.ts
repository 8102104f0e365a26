import { readPlacedScanPage, type PlacedRead } from '../ingest/readPlacedScanPage.js';
import type { PageWorkerPool } from '../ingest/workerPool.js';
import { PhieuError } from '../errors/errorTable.js';
import { audit, type Db } from '../store/db.js';
import { placedUnreadPages, storePlacedPage } from '../store/scans.js';
import { knownLayout } from './layouts.js';
import { UNREADABLE_REASON_LABELS } from '../recognize/unreadableReasons.js';

/** A page that was not matched to a form (unreadable, not ours, duplicate, unknown serial, wrong survey, refused). */
export interface PageItemView {
  id: number;
  status: 'open' | 'resolved' | 'referred';
  outcome: string;
  /** Why, as a code the screen names in Vietnamese (a read's reason, such as `retakePhoto`), when the read gave one. */
  reason: string | null;
  /** Why, in the reader's words (from the original read or the store's classification). */
  message: string;
  pageId: number;
  serial: number | null;
  pageNumber: number | null;
  surveyId: string | null;
  fileName: string;
  filePage: number;
  batch: string | null;
  hasImage: boolean;
  quarterTurns: number;
  decision: { action: string; actor: string; at: string; detail: Record<string, unknown> } | null;
}

interface PageItemRow {
  id: number;
  file_sha256: string;
  status: PageItemView['status'];
  outcome: string;
  reason: string | null;
  page_id: number;
  serial: number | null;
  page_number: number | null;
  survey_id: string | null;
  read_json: string;
  file_name: string;
  page_index: number;
  batch: string | null;
  image_file: string | null;
}

const SELECT = `SELECT r.id, p.file_sha256, r.status, p.outcome, p.reason, p.id AS page_id, p.serial, p.page_number, p.survey_id, p.read_json,
                       sf.name AS file_name, p.page_index, sf.batch, p.image_file
                FROM review_items r JOIN pages p ON p.id = r.page_id JOIN scan_files sf ON sf.sha256 = p.file_sha256
                WHERE r.question_id IS NULL`;

export function listPageItems(db: Db, status: 'open' | 'resolved', limit = 200): PageItemView[] {
  const rows = db.prepare(`${SELECT} AND r.status ${status === 'open' ? "IN ('open', 'referred')" : "= 'resolved'"} ORDER BY r.id ${status === 'open' ? 'ASC' : 'DESC'} LIMIT ?`).all(limit) as PageItemRow[];
  return rows.map((row) => toView(db, row));
}

export function pageItemView(db: Db, id: number): PageItemView | undefined {
  const row = db.prepare(`${SELECT} AND r.id = ?`).get(id) as PageItemRow | undefined;
  return row && toView(db, row);
}

function toView(db: Db, row: PageItemRow): PageItemView {
  const read = JSON.parse(row.read_json) as { message?: string };
  const decision = db.prepare(`SELECT action, actor, at, detail_json FROM review_actions WHERE review_item_id = ? AND action IN ('assigned', 'rejected') ORDER BY id DESC LIMIT 1`).get(row.id) as
    | { action: string; actor: string; at: string; detail_json: string }
    | undefined;
  return {
    id: row.id,
    status: row.status,
    outcome: row.outcome,
    reason: row.outcome === 'unreadable' || row.outcome === 'notOurForm' ? row.reason : null,
    message: row.reason && row.outcome !== 'unreadable' && row.outcome !== 'notOurForm' ? row.reason : (read.message ?? row.reason ?? row.outcome),
    pageId: row.page_id,
    serial: row.serial,
    pageNumber: row.page_number,
    surveyId: row.survey_id,
    fileName: row.file_name,
    filePage: row.page_index + 1,
    batch: row.batch,
    hasImage: row.image_file !== null,
    // A placed page is now stored de-skewed and upright: the turns people gave its old image no longer apply.
    quarterTurns: row.outcome === 'read' ? 0 : quarterTurnsOf(db, row.page_id),
    decision: decision ? { action: decision.action, actor: decision.actor, at: decision.at, detail: JSON.parse(decision.detail_json) } : null,
  };
}

/** How far people turned a page to read it; the latest turn counts. Applied when the page image is served. */
export function quarterTurnsOf(db: Db, pageId: number): number {
  const row = db
    .prepare(
      `SELECT a.detail_json FROM review_actions a JOIN review_items r ON r.id = a.review_item_id
       WHERE r.page_id = ? AND a.action = 'rotated' ORDER BY a.id DESC LIMIT 1`,
    )
    .get(pageId) as { detail_json: string } | undefined;
  return row ? (JSON.parse(row.detail_json) as { quarterTurns: number }).quarterTurns : 0;
}

function openPageItem(db: Db, id: number): PageItemRow {
  const row = db.prepare(`${SELECT} AND r.id = ?`).get(id) as PageItemRow | undefined;
  if (!row) throw new PhieuError('pageItemMissing', { item: id });
  if (row.status === 'resolved') throw new PhieuError('pageItemResolved', { item: id });
  return row;
}

export function rotatePage(db: Db, request: { itemId: number; actor: string; quarterTurns: number }): void {
  const row = openPageItem(db, request.itemId);
  const turns = (((quarterTurnsOf(db, row.page_id) + request.quarterTurns) % 4) + 4) % 4;
  db.prepare(`INSERT INTO review_actions (review_item_id, actor, action, detail_json) VALUES (?, ?, 'rotated', ?)`).run(row.id, request.actor, JSON.stringify({ quarterTurns: turns }));
  audit(db, request.actor, 'page.rotated', { item: row.id, quarterTurns: turns });
}

/** What reads a placed page again: the data folder (where the original scans are kept) and the page workers. */
export interface PageRereader {
  dataDir: string;
  pool: PageWorkerPool;
}

const PLACING_FAILURES: Record<Extract<PlacedRead, { ok: false }>['reason'], string> = {
  ...UNREADABLE_REASON_LABELS,
  noOriginal: 'không còn tệp quét gốc trong thư mục dữ liệu; hãy quét lại tờ phiếu này',
  refused: 'không giải mã được trang từ tệp quét gốc',
  notOurForm: 'máy chủ không có mẫu trình bày của phiếu này',
};

/**
 * Puts a page in its place: this is page N of form S. The page is read again from its original scan with that form's
 * layout, turned as people turned it, and becomes the form's page like any page whose code was read: its answers,
 * review items and the form's count follow. What was stored of the page before is kept with the assignment. A page
 * that cannot be read that way stays on the page screen and the person is told why.
 */
export async function assignPage(db: Db, request: { itemId: number; actor: string; serial: number; pageNumber: number }, rereader: PageRereader): Promise<void> {
  const { row, form } = placement(db, request);
  const reread = await readAsPlaced(db, rereader, { pageId: row.page_id, sha256: row.file_sha256, pageIndex: row.page_index, readJson: row.read_json }, { ...request, ...form });
  if (!reread.ok) {
    audit(db, request.actor, 'page.placingFailed', { item: row.id, serial: request.serial, pageNumber: request.pageNumber, reason: reread.reason, detail: reread.detail });
    throw new PhieuError('pageNotPlaceable', { page: request.pageNumber, serial: request.serial, reason: PLACING_FAILURES[reread.reason], detail: reread.detail });
  }
  db.transaction(() => {
    // Checked again: the page or the form's page may have been placed while the page was read.
    placement(db, request);
    storePlacedPage(db, { pageId: row.page_id, actor: request.actor, read: reread.read, imageFile: reread.imageFile, clips: reread.clips });
    closeItem(db, row.id, request.actor, 'assigned', { serial: request.serial, pageNumber: request.pageNumber });
  }).immediate();
}

/** Pages placed on forms before placed pages were read again, still unread (see readPagesPlacedEarlier). */
export function pagesPlacedEarlier(db: Db): number {
  return placedUnreadPages(db).length;
}

/**
 * Pages placed on forms before placed pages were read again sat unread, their forms never counted: each is read now
 * as it was placed. One that cannot be read is named in the audit trail with the reason.
 */
export async function readPagesPlacedEarlier(db: Db, rereader: PageRereader): Promise<{ read: number; failed: number }> {
  let read = 0;
  let failed = 0;
  for (const page of placedUnreadPages(db)) {
    const pages = knownLayout(db, page.layoutHash)?.layout.pages.length ?? 0;
    const reread = await readAsPlaced(db, rereader, page, { serial: page.serial, pageNumber: page.pageNumber, survey_id: page.surveyId, layout_hash: page.layoutHash, pages });
    if (!reread.ok) {
      failed++;
      audit(db, 'system', 'page.placingFailed', { item: page.itemId, serial: page.serial, pageNumber: page.pageNumber, reason: reread.reason, detail: reread.detail });
      continue;
    }
    db.transaction(() => storePlacedPage(db, { pageId: page.pageId, actor: page.actor, read: reread.read, imageFile: reread.imageFile, clips: reread.clips })).immediate();
    read++;
  }
  return { read, failed };
}

function readAsPlaced(
  db: Db,
  rereader: PageRereader,
  page: { pageId: number; sha256: string; pageIndex: number; readJson: string },
  target: { serial: number; pageNumber: number; survey_id: string; layout_hash: string; pages: number },
): Promise<PlacedRead> {
  const original = JSON.parse(page.readJson) as { kind: string; turned?: boolean };
  // A page once read was stored upright, and people turned that image: the turn from the scan adds to theirs.
  const quarterTurns = quarterTurnsOf(db, page.pageId) + (original.kind === 'read' && original.turned ? 2 : 0);
  const qr = { surveyId: target.survey_id, layoutHash: target.layout_hash, serial: target.serial, page: target.pageNumber, pageCount: target.pages };
  return readPlacedScanPage(rereader.dataDir, rereader.pool, { sha256: page.sha256, pageIndex: page.pageIndex, placed: { qr, quarterTurns } });
}

/** The open page item and the form page it may go to, or why not. */
function placement(db: Db, request: { itemId: number; serial: number; pageNumber: number }) {
  const row = openPageItem(db, request.itemId);
  const printed = db.prepare('SELECT layout_hash, survey_id FROM forms WHERE serial = ?').get(request.serial) as { layout_hash: string; survey_id: string } | undefined;
  if (!printed) throw new PhieuError('formNeverPrinted', { serial: request.serial });
  const pages = knownLayout(db, printed.layout_hash)?.layout.pages.length ?? 0;
  if (request.pageNumber < 1 || request.pageNumber > pages) throw new PhieuError('formPageOutOfRange', { serial: request.serial, pages });
  const taken = db
    .prepare(
      `SELECT 1 FROM pages WHERE serial = ? AND page_number = ? AND outcome = 'read'
       UNION ALL SELECT 1 FROM page_assignments WHERE serial = ? AND page_number = ?`,
    )
    .get(request.serial, request.pageNumber, request.serial, request.pageNumber);
  if (taken) throw new PhieuError('formPageTaken', { serial: request.serial, page: request.pageNumber });
  return { row, form: { ...printed, pages } };
}

export function rejectPage(db: Db, request: { itemId: number; actor: string; reason: string }): void {
  db.transaction(() => {
    const row = openPageItem(db, request.itemId);
    closeItem(db, row.id, request.actor, 'rejected', { reason: request.reason });
  }).immediate();
}

function closeItem(db: Db, itemId: number, actor: string, action: 'assigned' | 'rejected', detail: Record<string, unknown>): void {
  db.prepare(`UPDATE review_items SET status = 'resolved', claimed_by = NULL, claimed_until = NULL WHERE id = ?`).run(itemId);
  db.prepare('INSERT INTO review_actions (review_item_id, actor, action, detail_json) VALUES (?, ?, ?, ?)').run(itemId, actor, action, JSON.stringify(detail));
  audit(db, actor, `page.${action}`, { item: itemId, ...detail });
}
