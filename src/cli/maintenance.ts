import path from 'node:path';
import type { Command } from 'commander';
import { backupDataDir, restoreBackup } from '../store/backup.js';
import { audit } from '../store/db.js';
import { diagnose } from '../store/doctor.js';
import { dataDir, report, withDatabase, withDatabaseAsync, type GlobalOptions } from './context.js';

export function registerMaintenanceCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('backup')
    .description('a consistent copy of the data folder (database, secret, page images), safe while phieu runs')
    .requiredOption('--out <dir>', 'a new folder for the backup')
    .option('--method <method>', 'vacuumInto (default: finishes however much is written meanwhile) or backupApi', 'vacuumInto')
    .action(async (options: { out: string; method: string }) => {
      if (options.method !== 'backupApi' && options.method !== 'vacuumInto') throw new Error(`--method must be backupApi or vacuumInto, not "${options.method}"`);
      const g = globals();
      const result = await withDatabaseAsync(g, async (db, dir) => {
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
      report(g, checks, checks.map((c) => `${c.ok ? 'OK ' : 'LỖI'} ${c.name}: ${c.detail}${c.ok || !c.advice ? '' : `\n    → ${c.advice}`}`).join('\n'));
      if (checks.some((c) => !c.ok)) process.exitCode = 1;
    });
}
