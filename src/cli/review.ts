import type { Command } from 'commander';
import { FIELD_REASON_LABELS, type FieldReason } from '../review/reasonLabels.js';
import { REVIEW_QUEUE_LABELS } from '../survey/reviewQueue.js';
import { reviewStats } from '../store/reviewStats.js';
import { PAGE_OUTCOME_LABELS, type StoredOutcome } from '../store/scans.js';
import { report, withDatabase, type GlobalOptions } from './context.js';

/** A review item's reason as the review screen names it: a field's reason, or a page's outcome for a page item. */
const reasonLabel = (reason: string) => FIELD_REASON_LABELS[reason as FieldReason] ?? PAGE_OUTCOME_LABELS[reason as StoredOutcome] ?? reason;

export function registerReviewCommands(program: Command, globals: () => GlobalOptions): void {
  const review = program.command('review').description('duyệt phiếu: những gì máy đọc chưa chắc');
  review
    .command('stats')
    .description('phiếu đã đọc và các mục còn chờ duyệt: ảnh hưởng kết quả (giữ phiếu lại) và chép chữ (không giữ phiếu), theo lý do')
    .option('--json', 'kết quả dạng JSON cho máy đọc')
    .action((options: { json?: boolean }) => {
      const g = { ...globals(), json: globals().json || options.json };
      const stats = withDatabase(g, (db) => reviewStats(db));
      const reasons = Object.entries(stats.byReason).map(([reason, n]) => `  ${reasonLabel(reason)}: ${n}`);
      report(
        g,
        stats,
        [
          `${stats.forms} phiếu đã đọc.`,
          `Còn chờ duyệt: ${stats.open.counting} mục ${REVIEW_QUEUE_LABELS.counting.toLowerCase()} (giữ phiếu khỏi kết quả), ${stats.open.transcription} mục ${REVIEW_QUEUE_LABELS.transcription.toLowerCase()} (không giữ phiếu).`,
          `${stats.keptAsImages} câu trả lời viết tay giữ dạng ảnh (không ai phải gõ; xem và tìm ở trang "Ý kiến viết tay").`,
          ...(reasons.length ? ['Theo lý do:', ...reasons] : []),
        ].join('\n'),
      );
    });
}
