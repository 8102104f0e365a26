import { z } from 'zod';
import { audit, type Db } from './db.js';
import { recordReviewAction, setItemStatus } from './reviewQueue.js';

/** Review items about whole pages (not matched to a form): their rows, people's turns and decisions. */

export interface PageItemRow {
  id: number;
  fileSha256: string;
  status: 'open' | 'resolved' | 'referred';
  outcome: string;
  reason: string | null;
  pageId: number;
  serial: number | null;
  pageNumber: number | null;
  surveyId: string | null;
  readJson: string;
  fileName: string;
  pageIndex: number;
  batch: string | null;
  imageFile: string | null;
}

const SELECT = `SELECT r.id, p.file_sha256 AS fileSha256, r.status, p.outcome, p.reason, p.id AS pageId, p.serial, p.page_number AS pageNumber,
                       p.survey_id AS surveyId, p.read_json AS readJson, sf.name AS fileName, p.page_index AS pageIndex, sf.batch, p.image_file AS imageFile
                FROM review_items r JOIN pages p ON p.id = r.page_id JOIN scan_files sf ON sf.sha256 = p.file_sha256
                WHERE r.question_id IS NULL`;

/** Open (and referred) page items oldest first, or resolved ones newest first. */
export function pageItemRows(db: Db, status: 'open' | 'resolved', limit: number): PageItemRow[] {
  const which = status === 'open' ? "IN ('open', 'referred') ORDER BY r.id ASC" : "= 'resolved' ORDER BY r.id DESC";
  return db.prepare(`${SELECT} AND r.status ${which} LIMIT ?`).all(limit) as PageItemRow[];
}

export function pageItemRow(db: Db, id: number): PageItemRow | undefined {
  return db.prepare(`${SELECT} AND r.id = ?`).get(id) as PageItemRow | undefined;
}

/** The latest placing or rejection of a page item, with its details. */
export function lastPageDecision(db: Db, itemId: number): { action: string; actor: string; at: string; detail: Record<string, unknown> } | undefined {
  const row = db
    .prepare(`SELECT action, actor, at, detail_json AS detailJson FROM review_actions WHERE review_item_id = ? AND action IN ('assigned', 'rejected') ORDER BY id DESC LIMIT 1`)
    .get(itemId) as { action: string; actor: string; at: string; detailJson: string } | undefined;
  return row && { action: row.action, actor: row.actor, at: row.at, detail: z.record(z.string(), z.unknown()).parse(JSON.parse(row.detailJson)) };
}

const Turned = z.object({ quarterTurns: z.number().int() });

/** How far people turned a page to read it; the latest turn counts. */
export function quarterTurnsOf(db: Db, pageId: number): number {
  const row = db
    .prepare(
      `SELECT a.detail_json AS detailJson FROM review_actions a JOIN review_items r ON r.id = a.review_item_id
       WHERE r.page_id = ? AND a.action = 'rotated' ORDER BY a.id DESC LIMIT 1`,
    )
    .get(pageId) as { detailJson: string } | undefined;
  return row ? Turned.parse(JSON.parse(row.detailJson)).quarterTurns : 0;
}

export function recordPageTurn(db: Db, itemId: number, actor: string, quarterTurns: number): void {
  recordReviewAction(db, itemId, actor, 'rotated', { quarterTurns });
  audit(db, actor, 'page.rotated', { item: itemId, quarterTurns });
}

/** The printed form a page may be placed on: its layout and survey. */
export function printedForm(db: Db, serial: number): { layoutHash: string; surveyId: string } | undefined {
  return db.prepare('SELECT layout_hash AS layoutHash, survey_id AS surveyId FROM forms WHERE serial = ?').get(serial) as { layoutHash: string; surveyId: string } | undefined;
}

/** Whether a form's page is already there: read from a scan, or placed by a person. */
export function formPageTaken(db: Db, serial: number, pageNumber: number): boolean {
  return Boolean(
    db
      .prepare(`SELECT 1 FROM pages WHERE serial = ? AND page_number = ? AND outcome = 'read' UNION ALL SELECT 1 FROM page_assignments WHERE serial = ? AND page_number = ?`)
      .get(serial, pageNumber, serial, pageNumber),
  );
}

/** Closes a page item as placed or rejected, with who, why and an audit row. */
export function closePageItem(db: Db, itemId: number, actor: string, action: 'assigned' | 'rejected', detail: Record<string, unknown>): void {
  setItemStatus(db, itemId, 'resolved');
  recordReviewAction(db, itemId, actor, action, detail);
  audit(db, actor, `page.${action}`, { item: itemId, ...detail });
}
