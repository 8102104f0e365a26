import { Router } from 'express';
import { z } from 'zod';
import { loadSurveyDefinitions } from '../../io/surveyFiles.js';
import { backupIntoDataDir, backupSchedule, listBackups, saveBackupSchedule } from '../../store/backupSchedule.js';
import { diagnose } from '../../store/doctor.js';
import { purgePersonalData, purgePlan } from '../../store/purge.js';
import { retentionSettings, setRoundClosed } from '../../store/retention.js';
import type { ServerContext } from '../context.js';
import { parseInput } from '../http/errors.js';
import { PhieuError } from '../../errors/errorTable.js';
import { requirePermission, userOf } from '../http/session.js';

/**
 * The administrator's care of the data: backups now and on a schedule, the health checks of `phieu doctor`, the
 * retention setting and the personal-data purge (a dry run first; the purge itself only with `confirm: true`).
 */
export function maintenanceRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;
  router.use(['/backup', '/backups', '/retention', '/purge', '/health'], requirePermission('maintenance'));

  router.post('/backup', (_req, res) => {
    const actor = userOf(res).username;
    const task = ctx.tasks.start('backup', 'Đang sao lưu', async () => {
      const report = await backupIntoDataDir(db, ctx.dataDir, { actor });
      ctx.log('backup', { actor, dir: report.dir, bytes: report.bytes, ms: report.totalMs });
      return report;
    });
    res.status(202).json(task);
  });

  router.get('/backups', (_req, res) => {
    res.json({ schedule: backupSchedule(db), backups: listBackups(ctx.dataDir).reverse(), task: ctx.tasks.get('backup') ?? null });
  });

  router.put('/backup/schedule', (req, res) => {
    res.json(saveBackupSchedule(db, req.body, userOf(res).username));
  });

  router.get('/health', (_req, res) => {
    res.json({ checks: diagnose(db, ctx.dataDir, ctx.scans.hotFolderDir()) });
  });

  const surveys = () => [...loadSurveyDefinitions().values()];
  const plan = () => purgePlan(db, ctx.dataDir, { hotFolder: ctx.scans.hotFolderDir(), surveys: surveys() });

  /** The retention setting with what a purge would take out now (the dry run). */
  router.get('/retention', (_req, res) => {
    res.json({ settings: retentionSettings(db), plan: plan(), task: ctx.tasks.get('purge') ?? null });
  });

  router.put('/retention/round', (req, res) => {
    const { closed } = parseInput(z.object({ closed: z.boolean() }), req.body);
    setRoundClosed(db, closed, userOf(res).username);
    res.json({ settings: retentionSettings(db), plan: plan() });
  });

  router.post('/purge', (req, res) => {
    parseInput(z.object({ confirm: z.literal(true, 'xác nhận xoá bằng confirm: true') }), req.body);
    const current = plan();
    if (!current.allowed) throw new PhieuError('purgeRefused', { blockers: current.blockers });
    const actor = userOf(res).username;
    const task = ctx.tasks.start('purge', 'Đang xoá dữ liệu cá nhân', async () => {
      // Let the answer go out before the purge holds the database (it vacuums the file at the end).
      await new Promise((resolve) => setImmediate(resolve));
      const counts = purgePersonalData(db, ctx.dataDir, { actor, hotFolder: ctx.scans.hotFolderDir(), surveys: surveys() });
      ctx.log('purge', { actor, ...counts });
      // The backups made before held the personal data and are gone: a fresh one, without it, at once.
      const backup = await backupIntoDataDir(db, ctx.dataDir, { actor });
      return { counts, backup };
    });
    res.status(202).json(task);
  });

  return router;
}
