import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/startServer.js';
import { personalDataFixture, WRITERS } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

describe('data-subject requests over HTTP', () => {
  it('let planners find, show and correct, only administrators erase, and refuse every other role on the server', async () => {
    const dataDir = tempDir();
    const fixture = await personalDataFixture(dataDir, { resolve: true });
    fixture.db.close();
    server = await startServer(dataDir);
    const admin = await logIn(server.url);
    const roles = Object.fromEntries(await Promise.all(['planner', 'supervisor', 'reviewer', 'scanner'].map(async (r) => [r, await userWithRole(server!.url, admin, r)] as const)));
    const query = { phone: WRITERS[0].phone };
    for (const role of ['supervisor', 'reviewer', 'scanner']) {
      await roles[role].agent.get('/api/personal').query(query).expect(403);
      await roles[role].agent.post('/api/personal/correct').set('X-CSRF-Token', roles[role].csrf).send({ query, correction: { serial: fixture.oneStop.serials[0], questionId: 'address', value: 'x' } }).expect(403);
    }
    const shown = await roles.planner.agent.get('/api/personal').query(query).expect(200);
    expect(shown.body.records.forms).toHaveLength(4);
    expect(shown.headers['cache-control']).toContain('no-store');
    const corrected = await roles.planner.agent
      .post('/api/personal/correct')
      .set('X-CSRF-Token', roles.planner.csrf)
      .send({ query, correction: { serial: fixture.oneStop.serials[0], questionId: 'address', value: '29 Nguyễn Huệ' } })
      .expect(200);
    expect(corrected.body.records.forms[0].personalAnswers.find((a: { questionId: string }) => a.questionId === 'address').value).toBe('29 Nguyễn Huệ');
    await roles.planner.agent.post('/api/personal/erase').set('X-CSRF-Token', roles.planner.csrf).send({ query, confirm: true }).expect(403);
    await admin.agent.post('/api/personal/erase').set('X-CSRF-Token', admin.csrf).send({ query }).expect(400);
    const erased = await admin.agent.post('/api/personal/erase').set('X-CSRF-Token', admin.csrf).send({ query, confirm: true }).expect(200);
    expect(erased.body.erased.paperForms).toBe(4);
    const gone = await admin.agent.get('/api/personal').query(query).expect(404);
    expect(gone.body.error).toContain('Không tìm thấy');
    const actions = server.ctx.db.prepare(`SELECT action, actor FROM audit_events WHERE action LIKE 'personal.%' AND action != 'personal.viewed' ORDER BY id`).all();
    expect(actions).toEqual([
      { action: 'personal.corrected', actor: 'planner-user' },
      { action: 'personal.erased', actor: 'admin' },
    ]);
  }, 120_000);

  it('lets the report template be read by results roles and changed only by administrators and planners', async () => {
    server = await startServer(tempDir());
    const admin = await logIn(server.url);
    const supervisor = await userWithRole(server.url, admin, 'supervisor');
    expect((await supervisor.agent.get('/api/results/template').expect(200)).body.title).toBe('BÁO CÁO');
    await supervisor.agent.put('/api/results/template').set('X-CSRF-Token', supervisor.csrf).send({ place: 'Đông Hà' }).expect(403);
    expect((await admin.agent.put('/api/results/template').set('X-CSRF-Token', admin.csrf).send({ place: 'Đông Hà' }).expect(200)).body.place).toBe('Đông Hà');
    const refused = await admin.agent.put('/api/results/template').set('X-CSRF-Token', admin.csrf).send({ recipients: 3 }).expect(400);
    expect(refused.body.error).toContain('Mẫu văn bản báo cáo không hợp lệ');
  });
});
