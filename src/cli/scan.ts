import type { Command } from 'commander';
import { expandPaths, ingestFiles, type IngestSummary } from '../ingest/ingestFiles.js';
import { progressBar, report, withDatabaseAsync, dataDir, type GlobalOptions } from './context.js';

export function registerScanCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('scan')
    .description('read scanned forms (PDF, TIFF, JPEG, PNG; files or folders) into the database')
    .argument('<paths...>', 'files or folders of scans')
    .option('--batch <name>', 'a name for this batch (shown to reviewers)')
    .option('--survey <id>', 'the survey this batch should hold; pages of another survey are set aside')
    .action(async (paths: string[], options: { batch?: string; survey?: string }) => {
      const g = globals();
      const files = expandPaths(paths);
      const summary = await withDatabaseAsync(g, async (db) => {
        const bar = progressBar(g, 'Đọc trang', 1);
        try {
          return await ingestFiles(files, {
            db,
            dataDir: dataDir(g),
            source: 'cli',
            batch: options.batch,
            expectedSurvey: options.survey,
            onProgress: (p) => bar.setTotal(Math.max(1, p.pagesKnown), p.pagesDone, { rate: rate(p.pagesDone, p.elapsedMs), review: p.needingReview }),
          });
        } finally {
          bar.stop();
        }
      });
      report(g, summary, describe(summary));
    });
}

const rate = (pages: number, ms: number) => (ms > 0 ? ((pages * 1000) / ms).toFixed(1) : '0');

export function describe(summary: IngestSummary): string {
  const o = summary.outcomes;
  const lines = [
    `Tệp: ${summary.files.length} (${summary.files.filter((f) => f.status === 'alreadyDone').length} đã đọc trước đó, ${summary.files.filter((f) => f.status === 'rejected').length} bị từ chối)`,
    `Trang: ${summary.pages} trong ${(summary.elapsedMs / 1000).toFixed(1)} s (${rate(summary.pages, summary.elapsedMs)} trang/s) — đọc được ${o.read ?? 0}, trống ${o.blank ?? 0}, không đọc được ${o.unreadable ?? 0}, không phải phiếu của hệ thống ${o.notOurForm ?? 0}, bị từ chối ${o.refused ?? 0}, trùng ${o.duplicate ?? 0}, sai loại phiếu ${o.wrongSurvey ?? 0}, số phiếu lạ ${o.unknownSerial ?? 0}`,
    `Phiếu: ${summary.forms}; trang cần người duyệt: ${summary.needingReview}`,
  ];
  for (const f of summary.files.filter((f) => f.status === 'rejected')) lines.push(`  Từ chối ${f.file}: ${f.reason}`);
  for (const p of summary.problems.slice(0, 20)) lines.push(`  ${p.file} trang ${p.page}: ${p.outcome} — ${p.reason}`);
  if (summary.problems.length > 20) lines.push(`  … và ${summary.problems.length - 20} trang khác (xem --json)`);
  return lines.join('\n');
}
