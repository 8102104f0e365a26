import { describe, expect, it } from 'vitest';
import type { Test } from 'supertest';
import type { RunningServer } from '../../src/server/startServer.js';
import { drawAndStore } from '../../src/planning/draw.js';
import { markFieldStatus } from '../../src/planning/fieldStatus.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { pdfPagesText } from '../support/pdfText.js';
import { useTempDir } from '../support/tempDir.js';
import { WARD_ADDRESSES, WARD_OFFICE, wardCase, wardOf, writeWardRegister } from '../support/wardRegister.js';
import { logIn, useTestServers, userWithRole, type Client } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();

/** A request whose answer is a file: its bytes, whatever its type. */
const bytesOf = (request: Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
  });

async function drawnServer(): Promise<{ server: RunningServer; planner: Client; reviewer: Client }> {
  const dir = tempDir();
  const server = await startServer(dir);
  await importRegister(server.ctx.db, writeWardRegister(dir), { actor: 't' });
  drawAndStore(server.ctx.db, { seed: 'tuyen', reserveShare: 0, actor: 't' });
  const admin = await logIn(server.url);
  return { server, planner: await userWithRole(server.url, admin, 'planner'), reviewer: await userWithRole(server.url, admin, 'reviewer') };
}

describe('enumerators and printing over HTTP', () => {
  it('prints blank numbered forms of the one-stop survey for an office, audited; refuses a bad count in Vietnamese and a reviewer', async () => {
    const { server, planner, reviewer } = await drawnServer();
    const { db } = server.ctx;
    const options = (await planner.agent.get('/api/sampling/print-options').expect(200)).body;
    expect(options.surveys).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'one-stop', personalised: false }), expect.objectContaining({ id: 'sipas', personalised: true })]),
    );
    expect(options.offices).toEqual([{ code: WARD_OFFICE.code, name: WARD_OFFICE.name }]);
    await reviewer.agent.get('/api/sampling/print-options').expect(403);

    const blank = (client: Client, body: object) => bytesOf(client.agent.post('/api/sampling/blank-forms').set('X-CSRF-Token', client.csrf).send(body));
    expect((await blank(reviewer, { survey: 'one-stop', copies: 3, office: WARD_OFFICE.code })).status).toBe(403);
    const zero = await planner.agent.post('/api/sampling/blank-forms').set('X-CSRF-Token', planner.csrf).send({ survey: 'one-stop', copies: 0, office: WARD_OFFICE.code }).expect(400);
    expect(zero.body.error).toMatch(/^Dữ liệu không hợp lệ \(.*copies.*\): /);
    const nowhere = await planner.agent.post('/api/sampling/blank-forms').set('X-CSRF-Token', planner.csrf).send({ survey: 'one-stop', copies: 2, office: 'khong-co' }).expect(404);
    expect(nowhere.body.error).toContain('Không có cơ quan "khong-co"');
    expect(db.prepare('SELECT COUNT(*) AS n FROM forms').get()).toEqual({ n: 0 });

    const printed = await blank(planner, { survey: 'one-stop', copies: 3, office: WARD_OFFICE.code });
    expect(printed.status).toBe(200);
    const forms = db.prepare(`SELECT f.serial, f.survey_id AS survey, f.case_code AS caseCode, r.kind FROM forms f JOIN print_runs r ON r.id = f.print_run_id ORDER BY serial`).all() as { serial: number }[];
    expect(forms.map(({ serial, ...rest }) => rest)).toEqual(Array(3).fill({ survey: 'one-stop', caseCode: null, kind: 'blank' }));
    const pages = await pdfPagesText(printed.body as Buffer);
    // Each copy's pages carry its serial and the office's name; one-stop forms are one sheet of two pages or one page.
    const perCopy = pages.length / 3;
    expect(Number.isInteger(perCopy) && perCopy >= 1).toBe(true);
    forms.forEach(({ serial }, i) => {
      for (let p = 0; p < perCopy; p++) expect(pages[i * perCopy + p]).toContain(`Phiếu số ${String(serial).padStart(8, '0')} · Trang ${p + 1}/${perCopy}`);
    });
    expect(pages[0]).toContain(WARD_OFFICE.name);
    expect(db.prepare(`SELECT actor, json_extract(detail_json, '$.copies') AS copies, json_extract(detail_json, '$.survey') AS survey FROM audit_events WHERE action = 'print'`).all()).toEqual([
      { actor: 'planner-user', copies: 3, survey: 'one-stop' },
    ]);
  }, 120_000);

  it('splits an office between enumerators, gives one ward to a name, lists one enumerator’s people, counts their progress and reprints a form until it came back', async () => {
    const { server, planner, reviewer } = await drawnServer();
    const { db } = server.ctx;
    const routesUrl = `/api/sampling/offices/${WARD_OFFICE.code}/routes`;
    const post = (client: Client, body: object) => client.agent.post(routesUrl).set('X-CSRF-Token', client.csrf).send(body);
    await reviewer.agent.get(routesUrl).expect(403);
    await post(reviewer, { split: ['Lan', 'Minh'] }).expect(403);
    expect((await post(planner, { split: ['Lan', ' '] }).expect(400)).body.error).toMatch(/^Dữ liệu không hợp lệ \(.*split.*\): /);
    expect((await post(planner, { assign: [{ route: 'phường Không Có', enumerator: 'Lan' }] }).expect(400)).body.error).toContain('không có tuyến "phường Không Có"');
    expect(db.prepare('SELECT COUNT(*) AS n FROM route_assignments').get()).toEqual({ n: 0 });

    const split = (await post(planner, { split: ['Lan', 'Minh'] }).expect(200)).body as { routes: { route: string; people: number; enumerator: string }[] };
    const peopleOf = (name: string) => {
      const wards = new Set(split.routes.filter((r) => r.enumerator === name).map((r) => wardOf(r.route)));
      return WARD_ADDRESSES.map((a, i) => ({ ...wardCase(i), ward: wardOf(a) })).filter((c) => wards.has(c.ward));
    };
    // Whole wards only: 6 in Vỹ Dạ, 3 + 1 in Phú Hội and An Thủy.
    expect([peopleOf('Lan').length, peopleOf('Minh').length].sort()).toEqual([4, 6]);
    const assigned = (await post(planner, { assign: [{ route: 'xã An Thủy', enumerator: 'Hoa' }] }).expect(200)).body;
    expect(assigned.routes.find((r: { route: string }) => r.route === 'xã An Thủy').enumerator).toBe('Hoa');
    expect((await planner.agent.get(routesUrl).expect(200)).body).toEqual(assigned);

    const list = (client: Client, name: string) => bytesOf(client.agent.get(`/api/sampling/offices/${WARD_OFFICE.code}/list.pdf?enumerator=${encodeURIComponent(name)}`));
    expect((await list(reviewer, 'Lan')).status).toBe(403);
    const minh = peopleOf('Minh').filter((c) => c.ward !== 'xã an thủy');
    const minhList = await list(planner, 'Minh');
    expect(minhList.status).toBe(200);
    const text = (await pdfPagesText(minhList.body as Buffer)).join(' ');
    for (const [i] of WARD_ADDRESSES.entries()) expect(new RegExp(`\\b${wardCase(i).caseCode}\\b`).test(text), wardCase(i).caseCode).toBe(minh.some((c) => c.caseCode === wardCase(i).caseCode));
    expect((await planner.agent.get(`/api/sampling/offices/${WARD_OFFICE.code}/list.pdf?enumerator=Nobody`).expect(400)).body.error).toContain('Điều tra viên "Nobody" chưa được giao tuyến nào');
    expect(db.prepare(`SELECT actor, json_extract(detail_json, '$.enumerator') AS enumerator, json_extract(detail_json, '$.rows') AS rows FROM audit_events WHERE action = 'sample.export'`).all()).toEqual([
      { actor: 'planner-user', enumerator: 'Minh', rows: minh.length },
    ]);

    // Forms for the sample, one handed out and back.
    const forms = await bytesOf(planner.agent.post(`/api/sampling/offices/${WARD_OFFICE.code}/forms`).set('X-CSRF-Token', planner.csrf).send({ survey: 'quick' }));
    expect(forms.status).toBe(200);
    const serialOf = (caseCode: string) => (db.prepare('SELECT serial FROM forms WHERE case_code = ?').get(caseCode) as { serial: number }).serial;
    const back = serialOf(minh[0].caseCode);
    markFieldStatus(db, { serial: back, status: 'handedOut', actor: 't' });
    markFieldStatus(db, { serial: back, status: 'returned', actor: 't' });
    await reviewer.agent.get('/api/sampling/enumerators').expect(403);
    const progress = (await planner.agent.get('/api/sampling/enumerators').expect(200)).body.rows;
    expect(progress).toEqual([
      { officeCode: WARD_OFFICE.code, officeName: WARD_OFFICE.name, enumerator: 'Hoa', routes: 1, inSample: 1, printed: 1, handedOut: 0, returned: 0, refusedOrUnreachable: 0 },
      { officeCode: WARD_OFFICE.code, officeName: WARD_OFFICE.name, enumerator: 'Lan', routes: 1, inSample: peopleOf('Lan').length, printed: peopleOf('Lan').length, handedOut: 0, returned: 0, refusedOrUnreachable: 0 },
      { officeCode: WARD_OFFICE.code, officeName: WARD_OFFICE.name, enumerator: 'Minh', routes: 1, inSample: minh.length, printed: minh.length, handedOut: 1, returned: 1, refusedOrUnreachable: 0 },
    ]);

    const reprint = (client: Client, serial: string | number, body: object = {}) => bytesOf(client.agent.post(`/api/sampling/forms/${serial}/reprint`).set('X-CSRF-Token', client.csrf).send(body));
    const lost = serialOf(peopleOf('Lan')[0].caseCode);
    expect((await reprint(reviewer, lost)).status).toBe(403);
    const bad = await reprint(planner, 'abc');
    expect(bad.status).toBe(400);
    expect(JSON.parse(String(bad.body)).error).toMatch(/^Dữ liệu không hợp lệ/);
    const again = await reprint(planner, lost, { reason: 'mất khi phát' });
    expect(again.status).toBe(200);
    const againText = (await pdfPagesText(again.body as Buffer)).join(' ');
    expect(againText).toContain(`Phiếu số ${String(lost).padStart(8, '0')} · Trang 1/`);
    expect(againText).toContain('· In lại lần 1');
    expect(db.prepare(`SELECT actor, json_extract(detail_json, '$.reason') AS reason FROM audit_events WHERE action = 'form.reprint'`).all()).toEqual([{ actor: 'planner-user', reason: 'mất khi phát' }]);
    const refused = await reprint(planner, back);
    expect(refused.status).toBe(400);
    expect(JSON.parse(String(refused.body)).error).toBe(`Không in lại phiếu số ${back}: phiếu đã được thu về hoặc đã quét, một bản in lại có thể bị tính hai lần.`);
  }, 180_000);
});
