import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { listBackups } from '../../src/store/backupSchedule.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { personalDataFixture, WRITERS } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';
import { ADMIN_PASSWORD, logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('looking after the data over HTTP', () => {
  it('takes scheduled backups in the web server, keeps the newest K, and keeps backups and the purge to administrators', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir, { backupCheckEveryMs: 100 });
    const admin = await logIn(server.url);
    const planner = await userWithRole(server.url, admin, 'planner');
    for (const url of ['/api/backups', '/api/retention', '/api/health']) await planner.agent.get(url).expect(403);
    await planner.agent.post('/api/backup').set('X-CSRF-Token', planner.csrf).expect(403);
    await planner.agent.post('/api/purge').set('X-CSRF-Token', planner.csrf).send({ confirm: true }).expect(403);

    await admin.agent.put('/api/backup/schedule').set('X-CSRF-Token', admin.csrf).send({ everyHours: -1, keep: 2 }).expect(400);
    expect(listBackups(dataDir)).toEqual([]);
    await admin.agent.put('/api/backup/schedule').set('X-CSRF-Token', admin.csrf).send({ everyHours: 1, keep: 2 }).expect(200);
    await until(() => listBackups(dataDir).length === 1);
    await server.ctx.tasks.idle();
    // Due again only after an hour: the schedule does not take another meanwhile.
    await new Promise((r) => setTimeout(r, 400));
    expect(listBackups(dataDir)).toHaveLength(1);
    for (let i = 0; i < 2; i++) {
      await admin.agent.post('/api/backup').set('X-CSRF-Token', admin.csrf).expect(202);
      await server.ctx.tasks.idle();
    }
    const { body } = await admin.agent.get('/api/backups').expect(200);
    expect(body.schedule).toEqual({ everyHours: 1, keep: 2 });
    expect(body.backups).toHaveLength(2);
    expect(listBackups(dataDir).map((b) => b.dir)).toEqual(body.backups.map((b: { dir: string }) => b.dir).reverse());
    const latest = listBackups(dataDir).at(-1)!.dir;
    for (const file of ['phieu.sqlite', 'secret.key', 'session.key', 'backup.json']) expect(fs.existsSync(path.join(latest, file)), file).toBe(true);
    const audit = server.ctx.db.prepare(`SELECT actor FROM audit_events WHERE action = 'backup' ORDER BY id`).all();
    expect(audit).toEqual([{ actor: 'schedule' }, { actor: 'admin' }, { actor: 'admin' }]);
    const health = (await admin.agent.get('/api/health').expect(200)).body.checks as { name: string; ok: boolean }[];
    expect(health.find((c) => c.name === 'backup')).toMatchObject({ ok: true });
  });

  it('purges from the admin screen: a dry run with counts, nothing without confirmation, then the same results without a name in the form view', async () => {
    const dataDir = tempDir();
    const fixture = await personalDataFixture(dataDir, { resolve: true });
    fixture.db.close();
    server = await startServer(dataDir);
    const admin = await logIn(server.url);
    const before = (await admin.agent.get('/api/results?survey=one-stop').expect(200)).body;

    let retention = (await admin.agent.get('/api/retention').expect(200)).body;
    expect(retention.plan).toMatchObject({ allowed: false, blockers: [expect.stringMatching(/chưa được đánh dấu/)] });
    await admin.agent.post('/api/purge').set('X-CSRF-Token', admin.csrf).send({ confirm: true }).expect(409);
    retention = (await admin.agent.put('/api/retention/round').set('X-CSRF-Token', admin.csrf).send({ closed: true }).expect(200)).body;
    expect(retention.settings).toMatchObject({ roundClosedBy: 'admin' });
    expect(retention.plan).toMatchObject({ allowed: true, counts: { registerCases: 12, paperForms: 6, files: { pageImages: 12 } } });
    await admin.agent.post('/api/purge').set('X-CSRF-Token', admin.csrf).send({}).expect(400);
    expect(fs.readdirSync(path.join(dataDir, 'pages')).length).toBeGreaterThan(0);

    await admin.agent.post('/api/purge').set('X-CSRF-Token', admin.csrf).send({ confirm: true }).expect(202);
    await server.ctx.tasks.idle();
    const task = (await admin.agent.get('/api/tasks/purge').expect(200)).body;
    expect(task).toMatchObject({ running: false, result: { counts: { registerCases: 12 } } });
    expect(task.error).toBeUndefined();
    expect((await admin.agent.get('/api/results?survey=one-stop').expect(200)).body).toEqual(before);
    const form = (await admin.agent.get(`/api/forms/${fixture.oneStop.serials[0]}`).expect(200)).body;
    const byId = Object.fromEntries(form.answers.map((a: { questionId: string }) => [a.questionId, a]));
    expect(byId.name.effective).toBeNull();
    expect(byId.phone.effective).toMatch(/^anon:/);
    expect(JSON.stringify(form)).not.toContain(WRITERS[0].phone);
    // The backups of before went with the data; one without it was taken straight after.
    expect(listBackups(dataDir)).toHaveLength(1);
    expect((await admin.agent.get('/api/retention').expect(200)).body.plan.counts).toMatchObject({ registerCases: 0, personalAnswers: 0, files: { pageImages: 0 } });
  });

  it('keeps session ids as keyed hashes, and a new session key ends every session', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const agent = request.agent(server.url);
    const { body } = await agent.get('/api/session').expect(200);
    const login = await agent.post('/api/login').set('X-CSRF-Token', body.csrfToken).send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
    const sid = /phieu_sid=([^;]+)/.exec(([] as string[]).concat(login.headers['set-cookie'] ?? []).join(';'))![1];
    const whoIs = async () => (await request(server!.url).get('/api/session').set('Cookie', `phieu_sid=${sid}`).expect(200)).body.user?.username ?? null;
    expect(await whoIs()).toBe('admin');
    expect(fs.statSync(path.join(dataDir, 'session.key')).mode & 0o777).toBe(0o600);
    const stored = server.ctx.db.prepare('SELECT id_hash FROM sessions WHERE user_id IS NOT NULL').all() as { id_hash: string }[];
    expect(stored.map((s) => s.id_hash)).not.toContain(createHash('sha256').update(sid).digest('hex'));

    // A restart keeps sessions; a new key (the old one removed) ends them all.
    await server.close();
    server = await startServer(dataDir);
    expect(await whoIs()).toBe('admin');
    await server.close();
    fs.rmSync(path.join(dataDir, 'session.key'));
    server = await startServer(dataDir);
    expect(await whoIs()).toBeNull();
    expect(fs.statSync(path.join(dataDir, 'session.key')).mode & 0o777).toBe(0o600);
  });
});
