import type { Command } from 'commander';
import { REVIEW_QUEUE_LABELS } from '../review/reviewQueue.js';
import { reviewStats } from '../store/reviewStats.js';
import { report, withDatabase, type GlobalOptions } from './context.js';

export function registerReviewCommands(program: Command, globals: () => GlobalOptions): void {
  const review = program.command('review').description('duyệt phiếu (review of what the machine was unsure of)');
  review
    .command('stats')
    .description('phiếu đã đọc và các mục còn chờ duyệt: ảnh hưởng kết quả (giữ phiếu lại) và chép chữ (không giữ phiếu), theo lý do')
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }) => {
      const g = { ...globals(), json: globals().json || options.json };
      const stats = withDatabase(g, (db) => reviewStats(db));
      const reasons = Object.entries(stats.byReason).map(([reason, n]) => `  ${reason}: ${n}`);
      report(
        g,
        stats,
        [
          `${stats.forms} phiếu đã đọc.`,
          `Còn chờ duyệt: ${stats.open.counting} mục ${REVIEW_QUEUE_LABELS.counting.toLowerCase()} (giữ phiếu khỏi kết quả), ${stats.open.transcription} mục ${REVIEW_QUEUE_LABELS.transcription.toLowerCase()} (không giữ phiếu).`,
          ...(reasons.length ? ['Theo lý do:', ...reasons] : []),
        ].join('\n'),
      );
    });
}
