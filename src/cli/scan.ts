import type { Command } from 'commander';
import path from 'node:path';
import { PhieuError } from '../errors/errorTable.js';
import { DEFAULT_LIMITS } from '../ingest/decode.js';
import { HotFolder } from '../ingest/hotFolder.js';
import { expandPaths, ingestFiles, type IngestSummary } from '../ingest/ingestFiles.js';
import { PageWorkerPool } from '../ingest/workerPool.js';
import { sendScans } from '../station/sendScans.js';
import { scanSettingsSchema, scanSettings } from '../store/scanSettings.js';
import { PAGE_OUTCOME_LABELS } from '../store/scans.js';
import { progressBar, report, withDatabaseAsync, dataDir, type GlobalOptions } from './context.js';

export function registerScanCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('scan')
    .description('đọc phiếu đã quét (PDF, TIFF, JPEG, PNG; tệp hoặc thư mục) vào cơ sở dữ liệu')
    .argument('<đường-dẫn...>', 'tệp hoặc thư mục chứa bản quét')
    .option('--batch <tên>', 'tên của đợt quét này (người duyệt nhìn thấy)')
    .option('--survey <mã>', 'mẫu phiếu của đợt quét này; trang của mẫu phiếu khác được để riêng')
    .option('--server <địa-chỉ>', 'gửi tệp lên máy chủ phieu trung tâm thay vì đọc tại đây (máy trạm quét)')
    .option('--token <mã-trạm>', 'mã trạm quét do quản trị viên tạo (dùng với --server; hoặc $PHIEU_STATION_TOKEN)', process.env.PHIEU_STATION_TOKEN)
    .option('--max-pages <số>', 'số trang tối đa của một tệp; tệp dài hơn bị từ chối trước khi đọc (hoặc $PHIEU_MAX_PAGES; mặc định: cài đặt đã lưu, 500)', process.env.PHIEU_MAX_PAGES)
    .action(async (paths: string[], options: { batch?: string; survey?: string; server?: string; token?: string; maxPages?: string }) => {
      const g = globals();
      const files = expandPaths(paths);
      if (options.server) return sendToServer(g, files, { ...options, server: options.server });
      const maxPages = options.maxPages === undefined ? undefined : maxPagesOption(options.maxPages);
      // Ctrl-C stops the batch between pages: pages being read are stored, the rest is read by running the command again.
      const stop = new AbortController();
      const onInterrupt = () => {
        process.stderr.write('\nĐang dừng: đợi các trang đang đọc được lưu xong (Ctrl-C lần nữa để thoát ngay)…\n');
        stop.abort();
      };
      process.once('SIGINT', onInterrupt);
      const summary = await withDatabaseAsync(g, async (db) => {
        const bar = progressBar(g, 'Đọc trang', 1);
        try {
          return await ingestFiles(files, {
            maxPagesPerFile: maxPages ?? scanSettings(db).maxPagesPerFile,
            signal: stop.signal,
            db,
            dataDir: dataDir(g),
            source: 'cli',
            batch: options.batch,
            expectedSurvey: options.survey,
            onProgress: (p) => bar.setTotal(Math.max(1, p.pagesKnown), p.pagesDone, { rate: rate(p.pagesDone, p.elapsedMs), review: p.needingReview }),
          });
        } finally {
          bar.stop();
          process.off('SIGINT', onInterrupt);
        }
      });
      const failed = failedFiles(summary);
      report(g, { ...summary, failed }, describe(summary));
      if (failed.length || summary.cancelled) process.exitCode = 1;
    });
}

function maxPagesOption(value: string): number {
  const parsed = scanSettingsSchema.shape.maxPagesPerFile.safeParse(Number(value));
  if (!parsed.success) throw new Error(`--max-pages cần một số nguyên dương (nhận được "${value}")`);
  return parsed.data;
}

async function sendToServer(g: GlobalOptions, files: string[], options: { server: string; token?: string; batch?: string }): Promise<void> {
  if (!options.token) throw new PhieuError('serverNeedsToken', {});
  const bar = progressBar(g, 'Gửi tệp', files.length);
  const sent = await sendScans(files, { server: options.server, token: options.token, batch: options.batch, onProgress: (done) => bar.update(done) }).finally(() => bar.stop());
  const count = (status: string) => sent.filter((f) => f.status === status).length;
  const lines = [`Đã gửi ${count('sent')} tệp tới ${options.server}; ${count('alreadyOnServer')} tệp máy chủ đã có; ${count('failed')} tệp lỗi.`];
  for (const f of sent.filter((f) => f.status === 'failed')) lines.push(`  Lỗi ${f.file}: ${f.reason}`);
  report(g, { files: sent }, lines.join('\n'));
  if (count('failed')) process.exitCode = 1;
}

const rate = (pages: number, ms: number) => (ms > 0 ? ((pages * 1000) / ms).toFixed(1) : '0');

/** Files not read, now or at an earlier run: each with the reason, which names what is wrong with it. */
export function failedFiles(summary: IngestSummary): { file: string; reason: string }[] {
  return summary.files.flatMap((f) => (f.status === 'rejected' || f.reason !== undefined ? [{ file: f.file, reason: f.reason ?? '' }] : []));
}

export function describe(summary: IngestSummary): string {
  const o = summary.outcomes;
  const failed = failedFiles(summary);
  const lines = [
    `Tệp: ${summary.files.length} (${summary.files.filter((f) => f.status === 'alreadyDone').length} đã gặp ở lần đọc trước), ${failed.length} tệp không đọc được`,
    `Trang: ${summary.pages} trong ${(summary.elapsedMs / 1000).toFixed(1)} s (${rate(summary.pages, summary.elapsedMs)} trang/s) — đọc được ${o.read ?? 0}, trống ${o.blank ?? 0}, không đọc được ${o.unreadable ?? 0}, không phải phiếu của hệ thống ${o.notOurForm ?? 0}, bị từ chối ${o.refused ?? 0}, trùng ${o.duplicate ?? 0}, sai loại phiếu ${o.wrongSurvey ?? 0}, số phiếu lạ ${o.unknownSerial ?? 0}`,
    `Phiếu: ${summary.forms}; trang cần người duyệt: ${summary.needingReview}`,
    ...summary.warnings,
  ];
  if (summary.cancelled) lines.unshift('Đã dừng theo yêu cầu (Ctrl-C) trước khi đọc hết: các trang đã đọc được giữ lại; chạy lại đúng lệnh này để đọc tiếp phần còn lại.');
  for (const f of failed) lines.push(`  Không đọc được ${f.file}: ${f.reason}`);
  for (const p of summary.problems.slice(0, 20)) lines.push(`  ${p.file} trang ${p.page}: ${PAGE_OUTCOME_LABELS[p.outcome]} — ${p.reason}`);
  if (summary.problems.length > 20) lines.push(`  … và ${summary.problems.length - 20} trang khác (xem --json)`);
  if (failed.length) lines.push(`${failed.length} tệp không đọc được: ${failed.map((f) => path.basename(f.file)).join(', ')}`);
  return lines.join('\n');
}

export function registerWatchCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('watch')
    .description('đọc các tệp quét bỏ vào thư mục quét, rồi chuyển chúng vào archive/ (hoặc rejected/ kèm lý do)')
    .option('--folder <thư-mục>', 'thư mục quét', 'scans')
    .option('--once', 'đọc những gì đang có rồi dừng')
    .option('--survey <mã>', 'mẫu phiếu của thư mục quét này')
    .action(async (options: { folder: string; once?: boolean; survey?: string }) => {
      const g = globals();
      await withDatabaseAsync(g, async (db) => {
        const pool = new PageWorkerPool({ dataDir: dataDir(g), limits: DEFAULT_LIMITS });
        const folder = new HotFolder(options.folder, { db, dataDir: dataDir(g), pool, expectedSurvey: options.survey }, (event) => {
          if (!g.json) process.stderr.write(`${event.status === 'archived' ? 'Đã đọc' : 'Từ chối'} ${path.basename(event.file)}${event.reason ? `: ${event.reason}` : ''} — ${describe(event.summary).split('\n')[1]}\n${event.summary.warnings.map((w) => `${w}\n`).join('')}`);
        });
        try {
          if (options.once) {
            const events = await folder.poll(true);
            report(g, events.map(({ file, status, reason, summary }) => ({ file, status, reason, pages: summary.pages, outcomes: summary.outcomes })), `Thư mục ${options.folder}: ${events.length} tệp đã xử lý`);
            if (events.some((e) => e.status === 'rejected')) process.exitCode = 1;
            return;
          }
          process.stderr.write(`Đang theo dõi ${path.resolve(options.folder)} (Ctrl-C để dừng)\n`);
          folder.start();
          await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
          await folder.stop();
        } finally {
          await pool.close();
        }
      });
    });
}
