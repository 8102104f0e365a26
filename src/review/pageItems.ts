import { audit, type Db } from '../store/db.js';
import { knownLayout } from './layouts.js';
import { ReviewRefused } from './queue.js';

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

const SELECT = `SELECT r.id, r.status, p.outcome, p.reason, p.id AS page_id, p.serial, p.page_number, p.survey_id, p.read_json,
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
    quarterTurns: quarterTurnsOf(db, row.page_id),
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
  if (!row) throw new ReviewRefused(`no page item ${id}`, 'notFound');
  if (row.status === 'resolved') throw new ReviewRefused(`page item ${id} is already decided`, 'invalid');
  return row;
}

export function rotatePage(db: Db, request: { itemId: number; actor: string; quarterTurns: number }): void {
  const row = openPageItem(db, request.itemId);
  const turns = (((quarterTurnsOf(db, row.page_id) + request.quarterTurns) % 4) + 4) % 4;
  db.prepare(`INSERT INTO review_actions (review_item_id, actor, action, detail_json) VALUES (?, ?, 'rotated', ?)`).run(row.id, request.actor, JSON.stringify({ quarterTurns: turns }));
  audit(db, request.actor, 'page.rotated', { item: row.id, quarterTurns: turns });
}

/**
 * Puts a page in its place: this is page N of form S. The original read stays as it was; the assignment is its own
 * row, and the form counts as scanned.
 */
export function assignPage(db: Db, request: { itemId: number; actor: string; serial: number; pageNumber: number }): void {
  db.transaction(() => {
    const row = openPageItem(db, request.itemId);
    const form = db.prepare('SELECT layout_hash FROM forms WHERE serial = ?').get(request.serial) as { layout_hash: string } | undefined;
    if (!form) throw new ReviewRefused(`form ${request.serial} was never printed here`, 'invalid');
    const pages = knownLayout(db, form.layout_hash)?.layout.pages.length ?? 0;
    if (request.pageNumber < 1 || request.pageNumber > pages) throw new ReviewRefused(`form ${request.serial} has ${pages} page(s)`, 'invalid');
    const taken = db
      .prepare(
        `SELECT 1 FROM pages WHERE serial = ? AND page_number = ? AND outcome = 'read'
         UNION ALL SELECT 1 FROM page_assignments WHERE serial = ? AND page_number = ?`,
      )
      .get(request.serial, request.pageNumber, request.serial, request.pageNumber);
    if (taken) throw new ReviewRefused(`page ${request.pageNumber} of form ${request.serial} is already in`, 'invalid');
    db.prepare('INSERT INTO page_assignments (page_id, serial, page_number, assigned_by) VALUES (?, ?, ?, ?)').run(row.page_id, request.serial, request.pageNumber, request.actor);
    db.prepare(`UPDATE forms SET status = 'scanned', status_at = strftime('%Y-%m-%dT%H:%M:%fZ') WHERE serial = ?`).run(request.serial);
    closeItem(db, row.id, request.actor, 'assigned', { serial: request.serial, pageNumber: request.pageNumber });
  }).immediate();
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
