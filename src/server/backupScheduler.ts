import { backupDue, backupIntoDataDir, backupSchedule } from '../store/backupSchedule.js';
import type { ServerContext } from './context.js';

/**
 * The scheduled backup, run by the web server process (the one that holds the data): every `checkEveryMs` it asks
 * whether a backup is due under the schedule in the settings, and if so starts one as the "backup" task — the same
 * task as the button, so the two never run at once and the admin screen shows either's progress.
 */
export function scheduleBackups(ctx: ServerContext, checkEveryMs = 60 * 1000): () => void {
  const tick = () => {
    try {
      const schedule = backupSchedule(ctx.db);
      if (ctx.tasks.get('backup')?.running || !backupDue(ctx.dataDir, schedule)) return;
      ctx.tasks.start('backup', 'Đang sao lưu theo lịch', async () => {
        try {
          const report = await backupIntoDataDir(ctx.db, ctx.dataDir, { actor: 'schedule', keep: schedule.keep });
          ctx.log('backup', { scheduled: true, dir: report.dir, bytes: report.bytes, ms: report.totalMs, removed: report.removed.length });
          return report;
        } catch (error) {
          ctx.log('backup.failed', { scheduled: true, message: (error as Error).message });
          throw error;
        }
      });
    } catch (error) {
      ctx.log('backup.failed', { scheduled: true, message: (error as Error).message });
    }
  };
  const timer = setInterval(tick, checkEveryMs).unref();
  return () => clearInterval(timer);
}
