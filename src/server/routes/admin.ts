import { Router } from 'express';
import { z } from 'zod';
import { loadSurveyDefinitions } from '../../io/surveyFiles.js';
import { officeProgress, queueSizes } from '../../store/reviewDashboard.js';
import { audit } from '../../store/db.js';
import { NewPassword } from '../auth/passwords.js';
import { recentAuditEvents } from '../../store/auditLog.js';
import { allows, ROLES } from '../auth/roles.js';
import { createStationToken, listStations, revokeStation } from '../auth/stationTokens.js';
import { createUser, findUserForLogin, listUsers, updateUser } from '../auth/users.js';
import type { ServerContext } from '../context.js';
import { auditSentence } from '../auditSentence.js';
import { alreadyLoaded, demoLoadedAt, demoLoadedNote, loadDemoData } from '../demo/loadDemoData.js';
import { parseInput } from '../http/errors.js';
import { PhieuError } from '../../errors/errorTable.js';
import { printTask } from '../printTask.js';
import { requirePermission, userOf } from '../http/session.js';

const Id = z.coerce.number().int().positive();
const NewUser = z.object({
  username: z.string().trim().regex(/^[a-zA-Z0-9._-]{3,32}$/, 'tên đăng nhập: 3–32 chữ cái không dấu, số, . _ -'),
  displayName: z.string().trim().min(1).max(100),
  role: z.enum(ROLES, 'cần chọn vai trò'),
  password: NewPassword,
});
const UserChange = z.object({ role: z.enum(ROLES), active: z.boolean(), password: NewPassword, displayName: z.string().trim().min(1).max(100) }).partial();

export function adminRoutes(ctx: ServerContext): Router {
  const router = Router();
  const { db } = ctx;

  router.get('/dashboard', requirePermission('dashboard'), (_req, res) => {
    const surveys = loadSurveyDefinitions();
    const offices = officeProgress(db).map((o) => ({ ...o, surveyName: surveys.get(o.surveyId)?.name ?? o.surveyId }));
    const loadedAt = demoLoadedAt(db);
    res.json({ offices, queue: queueSizes(db), demo: ctx.tasks.get('demo') ?? null, demoLoadedAt: loadedAt, demoLoaded: loadedAt && demoLoadedNote(loadedAt) });
  });

  router.get('/users', requirePermission('users'), (_req, res) => res.json({ users: listUsers(db) }));

  router.post('/users', requirePermission('users'), async (req, res) => {
    const body = parseInput(NewUser, req.body);
    if (findUserForLogin(db, body.username)) throw new PhieuError('accountExists', { username: body.username });
    res.status(201).json(await createUser(db, body, userOf(res).username));
  });

  router.patch('/users/:id', requirePermission('users'), async (req, res) => {
    const id = parseInput(Id, req.params.id);
    const change = parseInput(UserChange, req.body);
    const me = userOf(res);
    if (id === me.id && (change.active === false || (change.role && change.role !== 'admin'))) throw new PhieuError('selfLockout', {});
    const user = await updateUser(db, id, change, me.username);
    if (!user) throw new PhieuError('unknownAccount', {});
    res.json(user);
  });

  router.get('/throttles', requirePermission('users'), async (_req, res) => res.json({ throttles: await ctx.throttle.list() }));

  router.post('/throttles/lift', requirePermission('users'), async (req, res) => {
    const { id } = parseInput(z.object({ id: z.string().max(400) }), req.body);
    if (!(await ctx.throttle.lift(id))) throw new PhieuError('throttleGone', {});
    audit(db, userOf(res).username, 'throttle.lift', { id });
    res.json({ throttles: await ctx.throttle.list() });
  });

  router.get('/stations', requirePermission('stations'), (_req, res) => res.json({ stations: listStations(db) }));

  router.post('/stations', requirePermission('stations'), (req, res) => {
    const { name } = parseInput(z.object({ name: z.string().trim().min(1).max(100) }), req.body);
    res.status(201).json(createStationToken(db, name, userOf(res).username));
  });

  router.delete('/stations/:id', requirePermission('stations'), (req, res) => {
    revokeStation(db, parseInput(Id, req.params.id), userOf(res).username);
    res.json({ stations: listStations(db) });
  });

  router.post('/demo', requirePermission('demo'), (_req, res) => {
    const loadedAt = demoLoadedAt(db);
    if (loadedAt) return void res.json({ alreadyLoaded: true, message: alreadyLoaded(loadedAt) });
    const actor = userOf(res).username;
    const task = ctx.tasks.start('demo', 'Đang tạo dữ liệu mẫu', (progress) =>
      loadDemoData(db, ctx.dataDir, {
        pool: ctx.scans.sharedPool(),
        formsPerOffice: ctx.demoFormsPerOffice,
        actor,
        onProgress: (stage, done, total) => progress(done, total, stage === 'drawing' ? 'Đang tạo phiếu mẫu đã điền' : 'Đang đọc phiếu mẫu'),
      }),
    );
    res.status(202).json(task);
  });

  router.get('/tasks/:kind', requirePermission('dashboard'), (req, res) => {
    const kind = parseInput(z.enum(['demo', 'backup', 'purge', 'print']), req.params.kind);
    // A backup's result names where it was written on the server: the administrator's alone, like the backups.
    if ((kind === 'backup' || kind === 'purge') && !allows(userOf(res).role, 'maintenance')) throw new PhieuError('maintenanceTasksAdminOnly', {});
    res.json(ctx.tasks.get(kind === 'print' ? printTask(userOf(res).username) : kind) ?? null);
  });

  // Backups, their schedule and the purge: routes/maintenance.ts.

  router.get('/audit', requirePermission('users'), (req, res) => {
    const before = parseInput(z.coerce.number().int().positive().optional(), req.query.before);
    res.json({ events: recentAuditEvents(db, before).map(({ id, at, actor, action, detail }) => ({ id, at, actor, text: auditSentence(action, detail) })) });
  });

  return router;
}
