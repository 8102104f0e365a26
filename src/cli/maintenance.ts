import path from 'node:path';
import type { Command } from 'commander';
import { backupDataDir, restoreBackup } from '../store/backup.js';
import { audit } from '../store/db.js';
import { loadSurveyDefinitions } from '../io/surveyFiles.js';
import { backupIntoDataDir } from '../store/backupSchedule.js';
import { diagnose } from '../store/doctor.js';
import { purgePersonalData, purgePlan, type PurgeCounts, type PurgePlan } from '../store/purge.js';
import { setRoundClosed } from '../store/retention.js';
import { dataDir, report, withDatabase, withDatabaseAsync, type GlobalOptions } from './context.js';

export function registerMaintenanceCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('backup')
    .description('a consistent copy of the data folder (database, secret, page images), safe while phieu runs')
    .option('--out <dir>', 'a new folder for the backup (default: the data folder\'s backups/<time>, keeping the newest as the schedule says)')
    .option('--method <method>', 'vacuumInto (default: finishes however much is written meanwhile) or backupApi', 'vacuumInto')
    .action(async (options: { out?: string; method: string }) => {
      if (options.method !== 'backupApi' && options.method !== 'vacuumInto') throw new Error(`--method must be backupApi or vacuumInto, not "${options.method}"`);
      const g = globals();
      const result = await withDatabaseAsync(g, async (db, dir) => {
        if (!options.out) return backupIntoDataDir(db, dir, { actor: 'cli' });
        const r = await backupDataDir(db, dir, path.resolve(options.out), options.method as 'backupApi' | 'vacuumInto');
        audit(db, 'cli', 'backup', { dir: r.dir, counts: r.counts });
        return r;
      });
      report(g, result, `Đã sao lưu vào ${result.dir}: ${(result.bytes / 1048576).toFixed(1)} MB, ${result.images} ảnh trang, ${result.ms} ms — ${Object.entries(result.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    });

  program
    .command('restore')
    .description('restore a backup into a new, empty data folder (the --data folder)')
    .argument('<backup-dir>', 'a folder written by phieu backup')
    .action((backupDir: string) => {
      const g = globals();
      const counts = restoreBackup(path.resolve(backupDir), dataDir(g));
      report(g, { dataDir: dataDir(g), counts }, `Đã khôi phục vào ${dataDir(g)} — ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    });

  program
    .command('doctor')
    .description('check the data folder and the hot folder, and say what to do')
    .option('--folder <dir>', 'the hot folder', 'scans')
    .action((options: { folder: string }) => {
      const g = globals();
      const checks = withDatabase(g, (db, dir) => diagnose(db, dir, path.resolve(options.folder)));
      report(g, checks, checks.map((c) => `${c.ok ? 'OK ' : 'LỖI'} ${c.label}: ${c.detail}${c.ok || !c.advice ? '' : `\n    → ${c.advice}`}`).join('\n'));
      if (checks.some((c) => !c.ok)) process.exitCode = 1;
    });

  program
    .command('purge')
    .description('after the round is closed and published: take personal data and page images out (--dry-run says what would go)')
    .option('--dry-run', 'only say what would go')
    .option('--yes', 'purge (cannot be undone)')
    .option('--close-round', 'first record that the survey round is closed and its results published')
    .option('--folder <dir>', 'the hot folder, whose archived and rejected scans go too', 'scans')
    .option('--actor <name>', 'who purges (for the audit trail)', 'cli')
    .action(async (options: { dryRun?: boolean; yes?: boolean; closeRound?: boolean; folder: string; actor: string }) => {
      if (options.dryRun === options.yes) throw new Error('say --dry-run (what would go) or --yes (purge)');
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

function describeCounts(c: PurgeCounts): string {
  return [
    `${c.registerCases} hồ sơ trong sổ`,
    `${c.personalAnswers} câu trả lời cá nhân trên ${c.paperForms} phiếu giấy`,
    `${c.electronicResponses} phản hồi điện tử`,
    `${c.rechecks} số phúc tra`,
    `${c.clips} ảnh ô chữ`,
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
