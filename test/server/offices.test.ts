import { describe, expect, it } from 'vitest';
import { registerCases } from '../results/paperForms.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();

const VY_DA = 'ubnd-phuong-vy-da';

describe('the office tree over HTTP', () => {
  it('lets a planner add a desk under a ward, refuses a reviewer and a request without the CSRF token, and says in Vietnamese why a loop is refused', async () => {
    const server = await startServer(tempDir());
    registerCases(server.ctx.db, [{ caseCode: 'H58-0001', officeCode: VY_DA, officeName: 'UBND phường Vỹ Dạ', level: 'xã', returnedOn: '2024-03-04' }]);
    const admin = await logIn(server.url);
    const planner = await userWithRole(server.url, admin, 'planner');
    const reviewer = await userWithRole(server.url, admin, 'reviewer');
    const desk = { name: 'Bộ phận một cửa phường Vỹ Dạ', level: 'bộ phận một cửa', parent: VY_DA, activeFrom: '2025-07-01' };

    await reviewer.agent.get('/api/offices').expect(403);
    await reviewer.agent.post('/api/offices/mot-cua-vy-da').set('X-CSRF-Token', reviewer.csrf).send(desk).expect(403);
    await planner.agent.post('/api/offices/mot-cua-vy-da').send(desk).expect(403);
    expect(server.ctx.db.prepare('SELECT COUNT(*) AS n FROM offices').get()).toEqual({ n: 1 });

    const saved = await planner.agent.post('/api/offices/mot-cua-vy-da').set('X-CSRF-Token', planner.csrf).send(desk).expect(200);
    expect(saved.body).toEqual({ code: 'mot-cua-vy-da', activeTo: null, ...desk });
    const { body } = await planner.agent.get('/api/offices').expect(200);
    expect(body.levels).toEqual(['sở/ngành', 'xã', 'bộ phận một cửa']);
    expect(body.offices.map((o: { code: string; depth: number }) => [o.code, o.depth])).toEqual([[VY_DA, 0], ['mot-cua-vy-da', 1]]);

    const loop = await planner.agent.post(`/api/offices/${VY_DA}`).set('X-CSRF-Token', planner.csrf).send({ parent: 'mot-cua-vy-da' }).expect(400);
    expect(loop.body).toEqual({ code: 'officeCycle', error: `Không thể đặt cơ quan cấp trên như vậy: cây cơ quan sẽ thành vòng lặp (${VY_DA} → mot-cua-vy-da → ${VY_DA}).` });
    const extra = await planner.agent.post(`/api/offices/${VY_DA}`).set('X-CSRF-Token', planner.csrf).send({ level: 'xã', owner: 'x' }).expect(400);
    expect(extra.body.code).toBe('invalidOfficeChange');
  });
});
