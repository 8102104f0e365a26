import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

describe('sampling over HTTP', () => {
  it('lets a planner import a register (its good rows once the row errors are seen and accepted), draw, download the list, print forms and record a refusal; a reviewer may not', async () => {
    server = await startServer(tempDir());
    const admin = await logIn(server.url);
    const planner = await userWithRole(server.url, admin, 'planner');
    const reviewer = await userWithRole(server.url, admin, 'reviewer');
    const cases = generateDemoRegister({ seed: 'web', offices: [{ name: 'UBND xã Hương Phong', cases: 130 }] });
    const csv = registerCsv(cases).replace(cases[5].caseCode, '');
    const put = (client: typeof planner) => client.agent.put('/api/sampling/register?name=so-ho-so.csv').set('X-CSRF-Token', client.csrf).set('Content-Type', 'application/octet-stream').send(Buffer.from(csv));
    await put(reviewer).expect(403);
    const refused = (await put(planner).expect(200)).body;
    expect(refused).toMatchObject({ rowsRead: 130, stored: false, kept: 0, goodRows: 129, bad: [{ row: 7, column: 'Mã hồ sơ', reason: 'thiếu mã hồ sơ' }] });
    expect(server.ctx.db.prepare('SELECT COUNT(*) AS n FROM register_cases').get()).toEqual({ n: 0 });
    const accept = (client: typeof planner, upload: string) => client.agent.post(`/api/sampling/register/${upload}/accept-partial`).set('X-CSRF-Token', client.csrf).send({ name: 'so-ho-so.csv' });
    await accept(reviewer, refused.upload).expect(403);
    await accept(planner, '..%2Fphieu.sqlite').expect(400);
    const imported = (await accept(planner, refused.upload).expect(200)).body;
    expect(imported).toMatchObject({ file: 'so-ho-so.csv', rowsRead: 130, stored: true, kept: 129, bad: [{ row: 7, column: 'Mã hồ sơ', reason: 'thiếu mã hồ sơ' }] });

    const draw = (await planner.agent.post('/api/sampling/draw').set('X-CSRF-Token', planner.csrf).send({ seed: 'web', reserveShare: 0.1 }).expect(200)).body;
    const office = draw.offices[0];
    expect(office).toMatchObject({ required: 100, officeCode: 'ubnd-xa-huong-phong' });
    const list = await planner.agent.get(`/api/sampling/offices/${office.officeCode}/list.csv`).expect(200);
    expect(list.text.split('\r\n')[1]).toContain(office.official[0]);
    const pdf = await planner.agent.post(`/api/sampling/offices/${office.officeCode}/forms`).set('X-CSRF-Token', planner.csrf).send({ survey: 'quick' }).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const firstSerial = (server.ctx.db.prepare('SELECT MIN(serial) AS s FROM forms WHERE case_code = ?').get(office.official[0]) as { s: number }).s;
    const refusal = (await planner.agent.post('/api/sampling/status').set('X-CSRF-Token', planner.csrf).send({ target: String(firstSerial), status: 'refused' }).expect(200)).body;
    expect(refusal).toMatchObject({ caseCode: office.official[0], replacement: office.reserve[0], replacementOffice: office.officeCode });
    await reviewer.agent.get('/api/sampling/progress').expect(403);
    expect((await planner.agent.get('/api/sampling/progress').expect(200)).body.offices[0]).toMatchObject({ inSample: 100, printed: 99, refusedOrUnreachable: 1 });

    const again = (await planner.agent.post('/api/sampling/draw').set('X-CSRF-Token', planner.csrf).send({ seed: 'web 2' }).expect(200)).body;
    expect(again).toEqual({ drawId: null, offices: [], kept: [office.officeCode], skipped: [], skippedNote: null, emptyNote: null });
    const redraw = (await planner.agent.post(`/api/sampling/offices/${office.officeCode}/redraw`).set('X-CSRF-Token', planner.csrf).send({ seed: 'web 2' }).expect(400)).body;
    expect(redraw.error).toMatch(new RegExp(`^Không chọn lại mẫu của UBND xã Hương Phong: đã in hoặc phát 100 phiếu của danh sách này \\(số ${firstSerial}, ${firstSerial + 1}, `));
    expect((await planner.agent.get(`/api/sampling/offices/${office.officeCode}/list.csv`).expect(200)).text.split('\r\n')[1]).toContain(office.official[0]);
  });

  it('keeps no copy of a register upload that could not be read, and says why', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const planner = await logIn(server.url);
    const put = (name: string, body: Buffer) => planner.agent.put(`/api/sampling/register?name=${name}`).set('X-CSRF-Token', planner.csrf).set('Content-Type', 'application/octet-stream').send(body);
    const refused = await put('so-ho-so.xlsx', Buffer.from('this is no spreadsheet'));
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/\S/);
    const header = await put('so-ho-so.csv', Buffer.from('a;b\n1;2\n'));
    expect(header.status).toBe(400);
    expect(fs.readdirSync(path.join(dataDir, 'registers'))).toEqual([]);
  });
});
