import ExcelJS from 'exceljs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import type { ReportQuery } from '../../src/results/buildReport.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { createKiosk } from '../../src/store/results.js';
import { recordElectronicResponse } from '../../src/intake/kioskResponse.js';
import { resultsReport } from '../../src/report/resultsReport.js';
import { adequacyVerdict } from '../../src/report/tables.js';
import { questionsOf } from '../../src/survey/schema.js';
import { printedForms, registerCases, scannedPage } from '../results/paperForms.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole, type Client } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

const PHU_HOI = 'ubnd-phuong-phu-hoi';
const VY_DA = 'ubnd-phuong-vy-da';
const PHU_VANG = 'ubnd-huyen-phu-vang';
const CASE_CODES = ['H57-0001', 'H57-0002', 'H57-0003', 'H58-0001', 'H58-0002', 'PV-0001'];
const PHONES = ['0905123456', '0914222333', '0935777888'];
const sipas = loadSurveyDefinition('sipas');
const scaleIds = questionsOf(sipas).filter((q) => q.kind === 'scale').map((q) => q.id);
const allScale = (code: string) => Object.fromEntries(scaleIds.map((id) => [id, [code]]));

/**
 * Three offices of two levels; paper and kiosk answers over two months: a paper form counted (both pages read), one
 * still in review (excluded as pending, with its case code), kiosk answers at two wards and at the district.
 */
async function serverWithResults() {
  server = await startServer(tempDir());
  const { db } = server.ctx;
  registerCases(db, [
    { caseCode: 'H57-0001', officeCode: PHU_HOI, officeName: 'UBND phường Phú Hội', level: 'xã', phone: PHONES[0], returnedOn: '2024-03-04' },
    { caseCode: 'H57-0002', officeCode: PHU_HOI, officeName: 'UBND phường Phú Hội', level: 'xã', phone: PHONES[1], returnedOn: '2024-03-05' },
    { caseCode: 'H57-0003', officeCode: PHU_HOI, officeName: 'UBND phường Phú Hội', level: 'xã', phone: PHONES[2], returnedOn: '2024-03-06' },
    { caseCode: 'H58-0001', officeCode: VY_DA, officeName: 'UBND phường Vỹ Dạ', level: 'xã', returnedOn: '2024-03-05' },
    { caseCode: 'H58-0002', officeCode: VY_DA, officeName: 'UBND phường Vỹ Dạ', level: 'xã', returnedOn: '2024-04-02' },
    { caseCode: 'PV-0001', officeCode: PHU_VANG, officeName: 'UBND huyện Phú Vang', level: 'huyện', returnedOn: '2024-04-03' },
  ]);
  const paper = printedForms(db, 'sipas', { officeCode: PHU_HOI, caseCodes: ['H57-0001', 'H57-0003'] });
  const page = (serial: number, n: number) => ({ surveyId: 'sipas', layoutHash: paper.layoutHash, serial, page: n, pageCount: paper.pageCount });
  const scale = allScale('4');
  const firstPage = Object.fromEntries(Object.entries(scale).filter(([id]) => !id.startsWith('e') && id !== 'overall'));
  const secondPage = Object.fromEntries(Object.entries(scale).filter(([id]) => id.startsWith('e') || id === 'overall'));
  scannedPage(db, page(paper.serials[0], 1), firstPage);
  scannedPage(db, page(paper.serials[0], 2), secondPage);
  scannedPage(db, page(paper.serials[1], 1), { ...firstPage, a1: '?' });
  scannedPage(db, page(paper.serials[1], 2), secondPage);

  const kiosk = (officeCode: string) => createKiosk(db, { name: `Quầy ${officeCode}`, officeCode, surveyId: 'sipas', actor: 'admin' }).kiosk;
  const [phuHoi, vyDa, phuVang] = [kiosk(PHU_HOI), kiosk(VY_DA), kiosk(PHU_VANG)];
  const answer = (k: typeof phuHoi, caseCode: string, code: string, at: string, changes: Record<string, string[]> = {}) =>
    recordElectronicResponse(db, { kiosk: k, survey: sipas, caseCode, answers: { ...allScale(code), ...changes }, at: new Date(at) });
  answer(phuHoi, 'H57-0002', '5', '2024-03-05T02:00:00Z');
  answer(vyDa, 'H58-0001', '2', '2024-03-05T03:00:00Z', { c1: ['4'], overall: ['3'] });
  answer(vyDa, 'H58-0002', '4', '2024-04-02T03:00:00Z', { gender: ['1'] });
  answer(phuVang, 'PV-0001', '1', '2024-04-03T03:00:00Z', { a1: ['5'] });
  return { url: server.url, admin: await logIn(server.url) };
}

/** What resultsReport gives for a query, as the JSON the browser receives. */
function expected(query: ReportQuery = {}) {
  const { report } = resultsReport(server!.ctx.db, sipas, query);
  const { exclusions, ...figures } = JSON.parse(JSON.stringify(report));
  return { ...figures, excludedForms: exclusions.length, adequacyVerdict: adequacyVerdict(report) };
}

function download(client: Client, path: string) {
  return client.agent.get(path).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
  });
}

describe('the results pages over HTTP', () => {
  it('returns the indices, breakdowns, adequacy and counts that resultsReport computes, for every filter', async () => {
    const { admin } = await serverWithResults();
    const whole = (await admin.agent.get('/api/results?survey=sipas').expect(200)).body;
    expect(whole).toEqual(expected());
    // The fixture holds: one paper form and four kiosk answers counted, one paper form waiting for review.
    expect(whole.totals).toMatchObject({ returned: 6, counted: 5, excluded: 1, pending: 1 });
    // A few answers each, under the small-sample threshold (30): no office is ranked, they are listed by name.
    expect(whole.breakdowns.office.map((o: { key: string; rank: number | null; smallSample: boolean }) => [o.key, o.rank, o.smallSample])).toEqual([
      [PHU_VANG, null, true],
      [PHU_HOI, null, true],
      [VY_DA, null, true],
    ]);
    expect(whole.indices.criteria.find((c: { questionId: string }) => c.questionId === 'a1').satisfiedShare.value).toBeCloseTo(4 / 5, 10);

    const filters: [string, ReportQuery][] = [
      [`office=${VY_DA}&from=2024-03-01&to=2024-03-31`, { officeCode: VY_DA, from: '2024-03-01', to: '2024-03-31' }],
      ['channel=electronic', { channel: 'electronic' }],
      ['channel=paper', { channel: 'paper' }],
      [`level=${encodeURIComponent('xã')}`, { level: 'xã' }],
      [`level=${encodeURIComponent('huyện')}&from=2024-04-01&to=2024-04-30`, { level: 'huyện', from: '2024-04-01', to: '2024-04-30' }],
      // Empty fields of the screen's form mean "any".
      ['office=&level=&channel=&from=&to=', {}],
    ];
    for (const [params, query] of filters) expect((await admin.agent.get(`/api/results?survey=sipas&${params}`).expect(200)).body).toEqual(expected(query));
    const electronic = (await admin.agent.get('/api/results?survey=sipas&channel=electronic').expect(200)).body;
    expect(electronic.totals).toMatchObject({ returned: 4, counted: 4, pending: 0 });
    expect(electronic.query).toMatchObject({ channel: 'electronic', level: null });
    const district = (await admin.agent.get(`/api/results?survey=sipas&level=${encodeURIComponent('huyện')}`).expect(200)).body;
    expect(district.adequacy.offices.map((a: { officeCode: string }) => a.officeCode)).toEqual([PHU_VANG]);
    expect(district.indices.overall.satisfiedShare).toBeCloseTo(expected({ level: 'huyện' }).indices.overall.satisfiedShare, 12);
  });

  it('lists the surveys and offices to filter by', async () => {
    const { admin } = await serverWithResults();
    const options = (await admin.agent.get('/api/results/options').expect(200)).body;
    expect(options.surveys).toEqual(expect.arrayContaining([{ id: 'sipas', name: sipas.name, measured: true }, expect.objectContaining({ id: 'quick', measured: false })]));
    expect(options.offices).toEqual([
      { code: PHU_VANG, name: 'UBND huyện Phú Vang', level: 'huyện' },
      { code: PHU_HOI, name: 'UBND phường Phú Hội', level: 'xã' },
      { code: VY_DA, name: 'UBND phường Vỹ Dạ', level: 'xã' },
    ]);
  });

  it('carries no case code or phone number in the figures or in the XLSX, CSV and PDF downloads, and audits each download', async () => {
    const { url, admin } = await serverWithResults();
    const planner = await userWithRole(url, admin, 'planner');
    const personal = [...CASE_CODES, ...PHONES];
    const json = (await planner.agent.get('/api/results?survey=sipas').expect(200)).text;
    for (const value of personal) expect(json).not.toContain(value);
    expect(JSON.parse(json).excludedForms).toBe(1);

    const xlsx = await download(planner, '/api/results/report.xlsx?survey=sipas').expect(200);
    expect(xlsx.headers['content-disposition']).toContain('bao-cao-sipas.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    expect(workbook.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['Tổng hợp', 'Tiêu chí', 'Phiếu không tính', 'Câu trả lời']));
    expect(cells).toContain('Phiếu giấy còn câu chờ duyệt');
    for (const value of personal) expect(cells.filter((c) => c.includes(value))).toEqual([]);
    expect(workbook.getWorksheet('Câu trả lời')!.getRow(1).values).not.toContain('Mã hồ sơ');
    expect(workbook.getWorksheet('Câu trả lời')!.rowCount).toBe(1 + 6);

    const answers = (await planner.agent.get('/api/results/report.csv?survey=sipas&table=answers').expect(200)).text;
    expect(answers.split('\r\n').filter(Boolean)).toHaveLength(1 + 6);
    const criteria = (await planner.agent.get(`/api/results/report.csv?survey=sipas&table=criteria&office=${PHU_HOI}`).expect(200)).text;
    expect(criteria).toContain('A,A1,');
    for (const text of [answers, criteria, (await planner.agent.get('/api/results/report.csv?survey=sipas&table=exclusions').expect(200)).text]) {
      for (const value of personal) expect(text).not.toContain(value);
    }
    const pdf = await download(planner, '/api/results/report.pdf?survey=sipas&channel=paper').expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const audited = server!.ctx.db.prepare(`SELECT actor, detail_json AS detail FROM audit_events WHERE action = 'report' ORDER BY id`).all() as { actor: string; detail: string }[];
    expect(audited.map((a) => [a.actor, JSON.parse(a.detail).format])).toEqual([
      ['planner-user', 'xlsx'],
      ['planner-user', 'csv'],
      ['planner-user', 'csv'],
      ['planner-user', 'csv'],
      ['planner-user', 'pdf'],
    ]);
  });

  it('shows results to administrators, planners and supervisors only', async () => {
    const { url, admin } = await serverWithResults();
    const paths = ['/api/results?survey=sipas', '/api/results/options', '/api/results/report.csv?survey=sipas'];
    for (const role of ['planner', 'supervisor']) {
      const client = await userWithRole(url, admin, role);
      for (const path of paths) await client.agent.get(path).expect(200);
      expect((await client.agent.get('/api/session').expect(200)).body.user.permissions).toContain('results');
    }
    for (const role of ['reviewer', 'scanner']) {
      const client = await userWithRole(url, admin, role);
      for (const path of paths) await client.agent.get(path).expect(403);
    }
    for (const path of paths) await request(url).get(path).expect(401);
  });

  it('refuses filters it cannot read and surveys it does not have', async () => {
    const { admin } = await serverWithResults();
    expect((await admin.agent.get('/api/results?survey=sipas&from=2024-04-01&to=2024-03-01').expect(400)).body.error).toContain('ngày bắt đầu sau ngày kết thúc');
    await admin.agent.get('/api/results?survey=sipas&channel=fax').expect(400);
    await admin.agent.get('/api/results?survey=sipas&from=01/03/2024').expect(400);
    await admin.agent.get('/api/results?survey=sipas&office=..%2F..%2Fetc').expect(400);
    await admin.agent.get('/api/results/report.docx?survey=sipas').expect(400);
    await admin.agent.get('/api/results/report.csv?survey=sipas&table=secrets').expect(400);
    // The quick survey asks no multiple-answer question: it has no choices table, and says so.
    expect((await admin.agent.get('/api/results/report.csv?survey=quick&table=choices').expect(404)).body).toMatchObject({ code: 'unknownTable' });
    expect((await admin.agent.get('/api/results/report.csv?survey=sipas&table=choices').expect(200)).text).toContain('Số người chọn');
    expect((await admin.agent.get('/api/results?survey=no-such-survey').expect(404)).body).toMatchObject({ code: 'unknownSurvey', error: expect.stringContaining('Không có mẫu phiếu "no-such-survey"') });
    expect((await admin.agent.get('/api/results?survey=sipas&office=nope').expect(404)).body).toMatchObject({ code: 'unknownOffice', error: expect.stringContaining('Không có cơ quan "nope"') });
    expect((await admin.agent.get(`/api/results/report.csv?survey=sipas&level=${encodeURIComponent('tỉnh')}`).expect(404)).body).toMatchObject({ code: 'unknownLevel' });
  });
});
