import type { Db } from '../store/db.js';
import { retentionSettings } from '../store/retention.js';
import { firstExportSince, lastOwnDecision, reopenDecision } from '../store/reviewUndo.js';
import { fieldItemView } from './itemView.js';
import { PhieuError } from '../errors/errorTable.js';
import { CLAIM_MS } from './queue.js';

const when = (iso: string) => new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });

/**
 * Takes back the reviewer's own latest decision (Ctrl+Z on the review screen): the answer returns to what it was before
 * and the item is open again, held by the reviewer, who sees it next. Refused once the decision is behind figures that
 * have left phieu (results or answers exported since, or the round closed and published), since those would no longer
 * match what phieu holds. Returns the item to show.
 */
export function undoLastDecision(db: Db, actor: string, now = Date.now()): number {
  return db.transaction(() => {
    const decision = lastOwnDecision(db, actor);
    if (!decision) throw new PhieuError('undoNothing', {});
    const closed = retentionSettings(db).roundClosedAt;
    if (closed) throw new PhieuError('undoRoundClosed', { at: when(closed) });
    const exported = firstExportSince(db, decision.at);
    if (exported) {
      throw new PhieuError('undoAfterExport', { questionId: decision.questionId, serial: decision.serial, actor: exported.actor, at: when(exported.at) });
    }
    const restored = decision.previous ? decision.previous.value : (fieldItemView(db, decision.itemId)?.read.value ?? null);
    reopenDecision(db, decision, restored, actor, new Date(now + CLAIM_MS).toISOString());
    return decision.itemId;
  }).immediate();
}
