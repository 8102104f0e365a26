import path from 'node:path';
import type { Command } from 'commander';
import { PhieuError } from '../errors/errorTable.js';
import { backupDataDir, KEY_TABLE_LABELS, restoreBackup } from '../store/backup.js';
import { audit } from '../store/db.js';
import { loadSurveyDefinitions } from '../io/surveyFiles.js';
import { backupIntoDataDir } from '../store/backupSchedule.js';
import { diagnose } from '../store/doctor.js';
import { tightenPermissions } from '../io/privateFiles.js';
import { purgePersonalData, purgePlan, type PurgeCounts, type PurgePlan } from '../store/purge.js';
import { setRoundClosed } from '../store/retention.js';
import { dataDir, report, withDatabase, withDatabaseAsync, type GlobalOptions } from './context.js';

export function registerMaintenanceCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('backup')
    .description('sao lưu nhất quán thư mục dữ liệu (cơ sở dữ liệu, khoá bí mật, ảnh trang), an toàn khi phieu đang chạy')
    .option('--out <thư-mục>', 'thư mục mới cho bản sao lưu (mặc định: backups/<thời-điểm> trong thư mục dữ liệu, giữ các bản mới nhất theo lịch sao lưu)')
    .option('--method <cách>', 'vacuumInto (xong dù trong lúc sao lưu có ghi thêm bao nhiêu) hoặc backupApi', 'vacuumInto')
    .action(async (options: { out?: string; method: string }) => {
      if (options.method !== 'backupApi' && options.method !== 'vacuumInto') throw new PhieuError('optionOneOf', { option: '--method', value: options.method, allowed: ['backupApi', 'vacuumInto'] });
      const g = globals();
      const result = await withDatabaseAsync(g, async (db, dir) => {
        if (!options.out) return backupIntoDataDir(db, dir, { actor: 'cli' });
        const r = await backupDataDir(db, dir, path.resolve(options.out), options.method as 'backupApi' | 'vacuumInto');
        audit(db, 'cli', 'backup', { dir: r.dir, counts: r.counts });
        return r;
      });
      report(g, result, `Đã sao lưu vào ${result.dir}: ${(result.bytes / 1048576).toFixed(1)} MB, ${result.images} ảnh trang, ${result.ms} ms — ${describeRows(result.counts)}`);
    });

  program
    .command('restore')
    .description('khôi phục một bản sao lưu vào thư mục dữ liệu mới, còn trống (thư mục --data)')
    .argument('<thư-mục-sao-lưu>', 'thư mục do phieu backup ghi ra')
    .action((backupDir: string) => {
      const g = globals();
      const counts = restoreBackup(path.resolve(backupDir), dataDir(g));
      report(g, { dataDir: dataDir(g), counts }, `Đã khôi phục vào ${dataDir(g)} — ${describeRows(counts)}`);
    });

  program
    .command('doctor')
    .description('kiểm tra thư mục dữ liệu và thư mục quét, và chỉ cách xử lý')
    .option('--folder <thư-mục>', 'thư mục quét', 'scans')
    .option('--repair', 'sửa những gì sửa được: bỏ quyền của người khác trên thư mục dữ liệu và các tệp trong đó')
    .action((options: { folder: string; repair?: boolean }) => {
      const g = globals();
      const checks = withDatabase(g, (db, dir) => {
        if (options.repair) {
          const changed = tightenPermissions(dir);
          if (changed) audit(db, 'cli', 'doctor.repair', { permissions: changed });
          if (!g.json) process.stdout.write(`Đã sửa quyền của ${changed} thư mục và tệp.\n`);
        }
        return diagnose(db, dir, path.resolve(options.folder));
      });
      report(g, checks, checks.map((c) => `${c.ok ? 'Đạt' : 'Lỗi'} ${c.label}: ${c.detail}${c.ok || !c.advice ? '' : `\n    → ${c.advice}`}`).join('\n'));
      if (checks.some((c) => !c.ok)) process.exitCode = 1;
    });

  program
    .command('purge')
    .description('sau khi đợt khảo sát đã kết thúc và công bố: xoá dữ liệu cá nhân và ảnh trang (--dry-run cho biết sẽ xoá gì)')
    .option('--dry-run', 'chỉ cho biết sẽ xoá gì')
    .option('--yes', 'xoá thật (không hoàn tác được)')
    .option('--close-round', 'trước hết ghi nhận đợt khảo sát đã kết thúc và kết quả đã công bố')
    .option('--folder <thư-mục>', 'thư mục quét; các tệp quét đã lưu trữ và bị từ chối trong đó cũng bị xoá', 'scans')
    .option('--actor <tên>', 'người xoá (ghi vào nhật ký)', 'cli')
    .action(async (options: { dryRun?: boolean; yes?: boolean; closeRound?: boolean; folder: string; actor: string }) => {
      if (options.dryRun === options.yes) throw new PhieuError('purgeNeedsChoice', {});
      const g = globals();
      const hotFolder = path.resolve(options.folder);
      const surveys = [...loadSurveyDefinitions().values()];
      await withDatabaseAsync(g, async (db, dir) => {
        if (options.closeRound) setRoundClosed(db, true, options.actor);
        const plan = purgePlan(db, dir, { hotFolder, surveys });
        if (options.dryRun || !plan.allowed) {
          report(g, plan, describePlan(plan));
          if (!plan.allowed) process.exitCode = 1;
          return;
        }
        const counts = purgePersonalData(db, dir, { actor: options.actor, hotFolder, surveys });
        // The backups made before were removed with the rest: one without the personal data, at once.
        const backup = await backupIntoDataDir(db, dir, { actor: options.actor });
        report(g, { counts, backup: backup.dir }, `Đã xoá dữ liệu cá nhân của đợt khảo sát — ${describeCounts(counts)}\nBản sao lưu mới (không còn dữ liệu cá nhân): ${backup.dir}`);
      });
    });
}

/** A backup's row counts in words: "12 phiếu, 3 tệp quét, …". */
function describeRows(counts: Record<string, number>): string {
  return Object.entries(counts).map(([table, n]) => `${n} ${KEY_TABLE_LABELS[table as keyof typeof KEY_TABLE_LABELS] ?? table}`).join(', ');
}

function describeCounts(c: PurgeCounts): string {
  return [
    `${c.registerCases} hồ sơ trong sổ`,
    `${c.personalAnswers} câu trả lời cá nhân trên ${c.paperForms} phiếu giấy`,
    `${c.electronicResponses} phản hồi điện tử`,
    `${c.rechecks} số phúc tra`,
    `${c.clips} ảnh ô chữ`,
    `${c.digitSamples} chữ số đã gõ của số điện thoại`,
    `${c.files.pageImages} ảnh trang`,
    `${c.files.uploads + c.files.hotFolder} tệp quét`,
    `${c.files.registers} tệp sổ`,
    `${c.files.backups} bản sao lưu cũ`,
    `${(c.files.bytes / 1048576).toFixed(1)} MB tệp`,
  ].join(', ');
}

function describePlan(plan: PurgePlan): string {
  const lines = [plan.cutoff ? `Đợt khảo sát đã kết thúc lúc ${plan.cutoff}. Sẽ xoá: ${describeCounts(plan.counts)}.` : 'Đợt khảo sát chưa kết thúc.'];
  if (plan.blockers.length) lines.push(...plan.blockers.map((b) => `Chưa xoá được: ${b}`));
  else lines.push('Chạy phieu purge --yes để xoá (không hoàn tác được). Chỉ số và câu trả lời không định danh được giữ nguyên.');
  return lines.join('\n');
}
