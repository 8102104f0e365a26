import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { backupDataDir, type BackupReport } from './backup.js';
import { audit, type Db } from './db.js';
import { readSetting, schemaSetting, writeSetting } from './settings.js';

/** Backups made by phieu itself (the button, the schedule) live in the data folder's `backups/<time>/`. */
export const BACKUPS_DIR = 'backups';

export const backupScheduleSchema = z.strictObject({
  /** Hours between backups taken by the running web server; 0 turns the schedule off. */
  everyHours: z.number().min(0).max(24 * 30).default(0),
  /** How many of the latest backups to keep in `backups/`; older ones are removed after a new one succeeds. */
  keep: z.number().int().min(1).max(365).default(7),
});

export type BackupSchedule = z.infer<typeof backupScheduleSchema>;

const BACKUP_SCHEDULE = schemaSetting('backup.schedule', 'invalidBackupSchedule', backupScheduleSchema);

export function backupSchedule(db: Db): BackupSchedule {
  return readSetting(db, BACKUP_SCHEDULE);
}

export function saveBackupSchedule(db: Db, value: unknown, actor: string): BackupSchedule {
  return writeSetting(db, BACKUP_SCHEDULE, value, actor);
}

/** A folder name that sorts by time and is safe on every file system. */
const folderName = (at: Date) => at.toISOString().replace(/[:.]/g, '-');
const BACKUP_FOLDER = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/** phieu's own finished backups in the data folder, oldest first (a folder without backup.json never finished). */
export function listBackups(dataDir: string): { dir: string; at: string }[] {
  const root = path.join(dataDir, BACKUPS_DIR);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((name) => BACKUP_FOLDER.test(name) && fs.existsSync(path.join(root, name, 'backup.json')))
    .sort()
    .map((name) => ({ dir: path.join(root, name), at: (JSON.parse(fs.readFileSync(path.join(root, name, 'backup.json'), 'utf8')) as { at: string }).at }));
}

/** Whether the schedule asks for a backup now: on, and none finished within the interval. */
export function backupDue(dataDir: string, schedule: BackupSchedule, now = Date.now()): boolean {
  if (schedule.everyHours <= 0) return false;
  const last = listBackups(dataDir).at(-1);
  return !last || now - Date.parse(last.at) >= schedule.everyHours * 3600 * 1000;
}

/**
 * Takes a backup into `backups/<time>/` and then keeps only the newest `keep` of phieu's backups there. A failed
 * backup removes its half-written folder and nothing else.
 */
export async function backupIntoDataDir(db: Db, dataDir: string, options: { actor: string; keep?: number; at?: Date }): Promise<BackupReport & { removed: string[] }> {
  const target = path.join(dataDir, BACKUPS_DIR, folderName(options.at ?? new Date()));
  const report = await backupDataDir(db, dataDir, target).catch((error: unknown) => {
    fs.rmSync(target, { recursive: true, force: true });
    throw error;
  });
  const keep = options.keep ?? backupSchedule(db).keep;
  const removed = listBackups(dataDir)
    .slice(0, -keep)
    .map((b) => b.dir);
  for (const dir of removed) fs.rmSync(dir, { recursive: true, force: true });
  audit(db, options.actor, 'backup', { dir: path.relative(dataDir, report.dir), bytes: report.bytes, images: report.images, ms: report.ms, removed: removed.map((d) => path.basename(d)) });
  return { ...report, removed };
}
