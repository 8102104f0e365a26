import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeOffice } from '../../src/planning/changeOffice.js';
import { drawAndStore, redrawOffice } from '../../src/planning/draw.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { registerCases } from '../results/paperForms.js';
import { runPhieu } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
const WARD = 'ubnd-phuong-vy-da';
const DISTRICT = 'ubnd-huyen-phu-vang';
const REFUSED_DRAW = 'UBND huyện Phú Vang đã ngừng hoạt động (đến 30/06/2025): không chọn mẫu cho cơ quan này nữa.';

/** A ward with 5 cases and a former district with 4, the district closed on 30 June 2025 (or still open). */
function withOffices(db: Db, { closed = true } = {}): void {
  registerCases(db, [
    ...Array.from({ length: 5 }, (_, i) => ({ caseCode: `VD-${i + 1}`, officeCode: WARD, officeName: 'UBND phường Vỹ Dạ', level: 'xã', returnedOn: '2025-03-10' })),
    ...Array.from({ length: 4 }, (_, i) => ({ caseCode: `PV-${i + 1}`, officeCode: DISTRICT, officeName: 'UBND huyện Phú Vang', level: 'huyện', returnedOn: '2025-03-10' })),
  ]);
  if (closed) changeOffice(db, DISTRICT, { activeTo: '2025-06-30' }, 'test');
}

const membersOf = (db: Db, office: string) => (db.prepare('SELECT count(*) AS n FROM sample_members WHERE office_code = ?').get(office) as { n: number }).n;

describe('offices no longer active are neither drawn nor given a kiosk', () => {
  it('skips a closed office in a draw over all offices and names it in the outcome, drawing the others', () => {
    const db = openDatabase(tempDir());
    withOffices(db);
    const outcome = drawAndStore(db, { seed: 's', reserveShare: 0.2, actor: 'test' });
    expect(outcome.offices.map((o) => o.officeCode)).toEqual([WARD]);
    expect(outcome.skipped).toEqual([{ code: DISTRICT, name: 'UBND huyện Phú Vang', activeTo: '2025-06-30' }]);
    expect(membersOf(db, DISTRICT)).toBe(0);
    expect(membersOf(db, WARD)).toBe(5);
    // Its cases stay in the register, for the reports of their period.
    expect(db.prepare('SELECT count(*) AS n FROM register_cases WHERE office_code = ?').get(DISTRICT)).toEqual({ n: 4 });
    db.close();
  });

  it('refuses to re-draw an office closed since its list was drawn, naming it, and keeps its list', () => {
    const db = openDatabase(tempDir());
    withOffices(db, { closed: false });
    drawAndStore(db, { seed: 's', reserveShare: 0.2, actor: 'test' });
    changeOffice(db, DISTRICT, { activeTo: '2025-06-30' }, 'test');
    expect(() => redrawOffice(db, { officeCode: DISTRICT, seed: 't', reserveShare: 0.2, actor: 'test' })).toThrow(REFUSED_DRAW);
    expect(membersOf(db, DISTRICT)).toBe(4);
    expect(redrawOffice(db, { officeCode: WARD, seed: 't', reserveShare: 0.2, actor: 'test' }).offices.map((o) => o.officeCode)).toEqual([WARD]);
    db.close();
  });

  it('says so on the command line: the draw names the office it skipped, a re-draw of it is refused with exit 1', async () => {
    const data = tempDir();
    const db = openDatabase(data);
    withOffices(db);
    db.close();
    const drawn = await runPhieu(['--data', data, 'sample', 'draw', '--seed', 's']);
    expect(drawn.code).toBe(0);
    expect(drawn.stdout).toContain('Không chọn mẫu 1 cơ quan đã ngừng hoạt động: UBND huyện Phú Vang (đến 30/06/2025).');
    expect(drawn.stdout).toContain(`${WARD}: 5 hồ sơ`);
    const redrawn = await runPhieu(['--data', data, 'sample', 'draw', '--redraw', DISTRICT]);
    expect([redrawn.code, redrawn.stderr.trim()]).toEqual([1, `phieu: ${REFUSED_DRAW} Số liệu cũ của cơ quan vẫn được tính trong báo cáo kỳ trước.`]);
  }, 120_000);

  it('offers no kiosk for a closed office and refuses one through the server with a Vietnamese sentence naming it, and sets one up for an active office', async () => {
    const server = await startServer(path.join(tempDir(), 'data'));
    withOffices(server.ctx.db);
    const admin = await logIn(server.url);
    const post = (officeCode: string) => admin.agent.post('/api/kiosks').set('X-CSRF-Token', admin.csrf).send({ name: 'Quầy 1', officeCode, surveyId: 'sipas' });
    // The kiosk screen offers only the offices still open.
    expect((await admin.agent.get('/api/kiosks')).body.offices.map((o: { code: string }) => o.code)).toEqual([WARD]);
    const refused = await post(DISTRICT);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('UBND huyện Phú Vang đã ngừng hoạt động (đến 30/06/2025): không lập ki-ốt cho cơ quan này nữa. Số liệu cũ của cơ quan vẫn được tính trong báo cáo kỳ trước.');
    expect((await post(WARD)).status).toBe(201);
    expect(server.ctx.db.prepare('SELECT office_code AS office FROM kiosks').all()).toEqual([{ office: WARD }]);
  });

  it('prints no blank forms for a closed office\'s desk, naming it, and prints them for an active one', async () => {
    const server = await startServer(path.join(tempDir(), 'data'));
    withOffices(server.ctx.db);
    const admin = await logIn(server.url);
    const post = (office: string) => admin.agent.post('/api/sampling/blank-forms').set('X-CSRF-Token', admin.csrf).send({ survey: 'one-stop', copies: 2, office });
    const refused = await post(DISTRICT);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('UBND huyện Phú Vang đã ngừng hoạt động (đến 30/06/2025): không in phiếu trắng cho cơ quan này nữa. Số liệu cũ của cơ quan vẫn được tính trong báo cáo kỳ trước.');
    expect(server.ctx.db.prepare('SELECT count(*) AS n FROM forms').get()).toEqual({ n: 0 });
    const printed = await post(WARD).buffer(true);
    expect(printed.status).toBe(200);
    expect(server.ctx.db.prepare('SELECT count(*) AS n FROM forms').get()).toEqual({ n: 2 });
  });
});
