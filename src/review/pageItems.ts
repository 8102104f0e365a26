import { readPlacedScanPage, type PlacedRead } from '../ingest/readPlacedScanPage.js';
import type { PageWorkerPool } from '../ingest/workerPool.js';
import { PhieuError } from '../errors/errorTable.js';
import { audit, type Db } from '../store/db.js';
import { closePageItem, formPageTaken, lastPageDecision, pageItemRow, pageItemRows, printedForm, quarterTurnsOf, recordPageTurn, type PageItemRow } from '../store/pageItems.js';
import { placedUnreadPages } from '../store/scans.js';
import { storePlacedPage } from '../ingest/storePage.js';
import { knownLayout } from './layouts.js';
import { UNREADABLE_REASON_LABELS } from '../recognize/unreadableReasons.js';
import { parseStoredRead } from '../store/storedJson.js';

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

export function listPageItems(db: Db, status: 'open' | 'resolved', limit = 200): PageItemView[] {
  return pageItemRows(db, status, limit).map((row) => toView(db, row));
}

export function pageItemView(db: Db, id: number): PageItemView | undefined {
  const row = pageItemRow(db, id);
  return row && toView(db, row);
}

function toView(db: Db, row: PageItemRow): PageItemView {
  const read = parseStoredRead(row.readJson, { table: 'pages', row: row.pageId });
  return {
    id: row.id,
    status: row.status,
    outcome: row.outcome,
    reason: row.outcome === 'unreadable' || row.outcome === 'notOurForm' ? row.reason : null,
    message: row.reason && row.outcome !== 'unreadable' && row.outcome !== 'notOurForm' ? row.reason : (('message' in read ? read.message : undefined) ?? row.reason ?? row.outcome),
    pageId: row.pageId,
    serial: row.serial,
    pageNumber: row.pageNumber,
    surveyId: row.surveyId,
    fileName: row.fileName,
    filePage: row.pageIndex + 1,
    batch: row.batch,
    hasImage: row.imageFile !== null,
    // A placed page is now stored de-skewed and upright: the turns people gave its old image no longer apply.
    quarterTurns: row.outcome === 'read' ? 0 : quarterTurnsOf(db, row.pageId),
    decision: lastPageDecision(db, row.id) ?? null,
  };
}

function openPageItem(db: Db, id: number): PageItemRow {
  const row = pageItemRow(db, id);
  if (!row) throw new PhieuError('pageItemMissing', { item: id });
  if (row.status === 'resolved') throw new PhieuError('pageItemResolved', { item: id });
  return row;
}

export function rotatePage(db: Db, request: { itemId: number; actor: string; quarterTurns: number }): void {
  const row = openPageItem(db, request.itemId);
  const turns = (((quarterTurnsOf(db, row.pageId) + request.quarterTurns) % 4) + 4) % 4;
  recordPageTurn(db, row.id, request.actor, turns);
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
  const reread = await readAsPlaced(db, rereader, { pageId: row.pageId, sha256: row.fileSha256, pageIndex: row.pageIndex, readJson: row.readJson }, { ...request, ...form });
  if (!reread.ok) {
    audit(db, request.actor, 'page.placingFailed', { item: row.id, serial: request.serial, pageNumber: request.pageNumber, reason: reread.reason, detail: reread.detail });
    throw new PhieuError('pageNotPlaceable', { page: request.pageNumber, serial: request.serial, reason: PLACING_FAILURES[reread.reason], detail: reread.detail });
  }
  db.transaction(() => {
    // Checked again: the page or the form's page may have been placed while the page was read.
    placement(db, request);
    storePlacedPage(db, { pageId: row.pageId, actor: request.actor, read: reread.read, imageFile: reread.imageFile, clips: reread.clips });
    closePageItem(db, row.id, request.actor, 'assigned', { serial: request.serial, pageNumber: request.pageNumber });
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
    const reread = await readAsPlaced(db, rereader, page, { serial: page.serial, pageNumber: page.pageNumber, surveyId: page.surveyId, layoutHash: page.layoutHash, pages });
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
  target: { serial: number; pageNumber: number; surveyId: string; layoutHash: string; pages: number },
): Promise<PlacedRead> {
  const original = parseStoredRead(page.readJson, { table: 'pages', row: page.pageId });
  // A page once read was stored upright, and people turned that image: the turn from the scan adds to theirs.
  const quarterTurns = quarterTurnsOf(db, page.pageId) + (original.kind === 'read' && original.turned ? 2 : 0);
  const qr = { surveyId: target.surveyId, layoutHash: target.layoutHash, serial: target.serial, page: target.pageNumber, pageCount: target.pages };
  return readPlacedScanPage(rereader.dataDir, rereader.pool, { sha256: page.sha256, pageIndex: page.pageIndex, placed: { qr, quarterTurns } });
}

/** The open page item and the form page it may go to, or why not. */
function placement(db: Db, request: { itemId: number; serial: number; pageNumber: number }) {
  const row = openPageItem(db, request.itemId);
  const printed = printedForm(db, request.serial);
  if (!printed) throw new PhieuError('formNeverPrinted', { serial: request.serial });
  const pages = knownLayout(db, printed.layoutHash)?.layout.pages.length ?? 0;
  if (request.pageNumber < 1 || request.pageNumber > pages) throw new PhieuError('formPageOutOfRange', { serial: request.serial, pages });
  if (formPageTaken(db, request.serial, request.pageNumber)) throw new PhieuError('formPageTaken', { serial: request.serial, page: request.pageNumber });
  return { row, form: { ...printed, pages } };
}

export function rejectPage(db: Db, request: { itemId: number; actor: string; reason: string }): void {
  db.transaction(() => {
    const row = openPageItem(db, request.itemId);
    closePageItem(db, row.id, request.actor, 'rejected', { reason: request.reason });
  }).immediate();
}
