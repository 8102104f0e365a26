import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/sampling/random.js';
import { scannedBatch } from '../support/markBatch.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();

describe('mark cuts on the web', () => {
  it('lets only supervisors see what another cut would change and apply it to a batch, refusing one outside the bounds, with an audit row', async () => {
    const server = await startServer(tempDir());
    const random = seededRandom('web cut');
    const { batch } = scannedBatch(server.ctx.db, 6, () => 0.07 * random(), 'web');
    const admin = await logIn(server.url);
    const reviewer = await userWithRole(server.url, admin, 'reviewer');
    const supervisor = await userWithRole(server.url, admin, 'supervisor');

    await reviewer.agent.get('/api/mark-batches').expect(403);
    await reviewer.agent.post(`/api/mark-batches/${batch}/cut`).set('X-CSRF-Token', reviewer.csrf).send({ emptyBelow: 0.075, markedFrom: 0.12 }).expect(403);

    const { body: list } = await supervisor.agent.get('/api/mark-batches').expect(200);
    expect(list.batches).toEqual([expect.objectContaining({ id: batch, label: 'Lô thử', pages: 6, cut: null })]);
    const { body: view } = await supervisor.agent.get(`/api/mark-batches/${batch}?whatIf=0.075:0.12,0.04:0.1`).expect(200);
    expect(view.whatIf.map((e: { cut: unknown }) => e.cut)).toEqual([{ emptyBelow: 0.075, markedFrom: 0.12 }, { emptyBelow: 0.04, markedFrom: 0.1 }]);
    // The default cut is the one in force: trying it changes nothing.
    expect(view.whatIf[1].changes).toEqual({ toReview: 0, accepted: 0, valueChanged: 0 });
    expect(view.whatIf[0].changes.accepted).toBeGreaterThan(0);
    await supervisor.agent.get(`/api/mark-batches/${batch}?whatIf=drop table`).expect(400);

    const refused = await supervisor.agent.post(`/api/mark-batches/${batch}/cut`).set('X-CSRF-Token', supervisor.csrf).send({ emptyBelow: 0.3, markedFrom: 0.5 }).expect(400);
    expect(refused.body.error).toMatch(/Ngưỡng ô trống phải trong khoảng/);
    const { body: applied } = await supervisor.agent.post(`/api/mark-batches/${batch}/cut`).set('X-CSRF-Token', supervisor.csrf).send({ emptyBelow: 0.075, markedFrom: 0.12 }).expect(200);
    expect(applied.effect).toEqual(view.whatIf[0]);
    const audits = server.ctx.db.prepare(`SELECT actor, detail_json FROM audit_events WHERE action = 'markCut'`).all() as { actor: string; detail_json: string }[];
    expect(audits.map((a) => [a.actor, JSON.parse(a.detail_json).to])).toEqual([['supervisor-user', { emptyBelow: 0.075, markedFrom: 0.12 }]]);
    await supervisor.agent.get('/api/mark-batches/999').expect(404);
  });
});
