import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/startServer.js';
import { registerCases } from '../results/paperForms.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole, type Client } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

const PHU_HOI = 'ubnd-phuong-phu-hoi';
const VY_DA = 'ubnd-phuong-vy-da';

/** A server with two ward offices in its register and an administrator logged in. */
async function serverWithOffices() {
  server = await startServer(tempDir());
  registerCases(server.ctx.db, [
    { caseCode: 'H57-0001', officeCode: PHU_HOI, officeName: 'UBND phường Phú Hội', level: 'xã', returnedOn: '2024-03-04' },
    { caseCode: 'H58-0001', officeCode: VY_DA, officeName: 'UBND phường Vỹ Dạ', level: 'xã', returnedOn: '2024-03-04' },
  ]);
  return { url: server.url, admin: await logIn(server.url) };
}

async function newKiosk(client: Client, body: Record<string, string> = {}) {
  const response = await client.agent.post('/api/kiosks').set('X-CSRF-Token', client.csrf).send({ name: 'Quầy một cửa số 1', officeCode: PHU_HOI, surveyId: 'quick', ...body }).expect(201);
  return response.body as { kiosk: { id: number }; token: string; path: string };
}

const kioskApi = (url: string, token: string) => ({
  questionnaire: () => request(url).get('/api/kiosk/questionnaire').set('Authorization', `Bearer ${token}`),
  check: (caseCode: string) => request(url).post('/api/kiosk/check').set('Authorization', `Bearer ${token}`).send({ caseCode }),
  submit: (body: unknown) => request(url).post('/api/kiosk/responses').set('Authorization', `Bearer ${token}`).send(body as object),
});

const storedResponses = () =>
  server!.ctx.db.prepare('SELECT source, office_code AS officeCode, case_code AS caseCode, kiosk_id AS kioskId, answers_json AS answers FROM electronic_responses ORDER BY id').all() as {
    source: string;
    officeCode: string;
    caseCode: string;
    kioskId: number;
    answers: string;
  }[];

describe('the desk kiosk over HTTP', () => {
  it('stores an answer as a kiosk-channel response of the office its token is bound to, without a session', async () => {
    const { url, admin } = await serverWithOffices();
    const { kiosk, token, path } = await newKiosk(admin);
    expect(path).toBe(`/kiosk#${token}`);
    const kioskClient = kioskApi(url, token);

    const questionnaire = (await kioskClient.questionnaire().expect(200)).body;
    expect(questionnaire.kiosk).toEqual({ name: 'Quầy một cửa số 1', officeName: 'UBND phường Phú Hội' });
    expect(questionnaire.survey).toMatchObject({ id: 'quick' });
    // The case code is typed on the first screen, so the survey's case-code boxes are not asked again.
    expect(questionnaire.sections.flatMap((s: { questions: { id: string }[] }) => s.questions.map((q) => q.id))).toEqual(['q1', 'q2']);

    const stored = await kioskClient.submit({ caseCode: 'H57-0001', answers: { q1: ['2'], q2: ['0'] } }).expect(201);
    expect(stored.body.message).toBe('Đánh giá của Ông/Bà đã được ghi nhận. Xin chân thành cảm ơn!');
    // A kiosk sends no cookies and gets none: it never opens a session.
    expect(stored.headers['set-cookie']).toBeUndefined();
    expect(storedResponses()).toEqual([{ source: 'kiosk', officeCode: PHU_HOI, caseCode: 'H57-0001', kioskId: kiosk.id, answers: JSON.stringify({ q1: ['2'], q2: ['0'], case_code: 'H57-0001' }) }]);
  });

  it('ignores an office the client names: the office comes from the token alone', async () => {
    const { url, admin } = await serverWithOffices();
    const { token } = await newKiosk(admin);
    await kioskApi(url, token).submit({ caseCode: 'H58-0001', officeCode: VY_DA, office_code: VY_DA, kioskId: 99, answers: { q1: ['1'] } }).expect(201);
    expect(storedResponses()).toEqual([expect.objectContaining({ officeCode: PHU_HOI, caseCode: 'H58-0001' })]);
  });

  it('refuses a case code answered twice politely, both on the first screen and at submit, and stores it once', async () => {
    const { url, admin } = await serverWithOffices();
    const { token } = await newKiosk(admin);
    const kioskClient = kioskApi(url, token);
    expect((await kioskClient.check(' H57-0001 ').expect(200)).body).toEqual({ caseCode: 'H57-0001', answered: false });
    await kioskClient.submit({ caseCode: 'H57-0001', answers: { q1: ['2'] } }).expect(201);

    const polite = { error: 'Hồ sơ H57-0001 đã được đánh giá trước đây. Xin cảm ơn Ông/Bà đã dành thời gian!', code: 'caseAlreadyAnswered' };
    expect((await kioskClient.check('H57-0001').expect(409)).body).toEqual(polite);
    expect((await kioskClient.submit({ caseCode: 'H57-0001', answers: { q1: ['3'] } }).expect(409)).body).toEqual(polite);
    // Another kiosk of the same survey knows it too.
    const second = await newKiosk(admin, { name: 'Quầy số 2', officeCode: VY_DA });
    expect((await kioskApi(url, second.token).submit({ caseCode: 'H57-0001', answers: { q1: ['3'] } }).expect(409)).body.code).toBe('caseAlreadyAnswered');
    expect(storedResponses()).toHaveLength(1);
  });

  it('refuses a wrong, missing or revoked token; creation and revocation are in the audit trail without the token', async () => {
    const { url, admin } = await serverWithOffices();
    const { kiosk, token } = await newKiosk(admin);
    const wrong = await kioskApi(url, `${token.slice(0, -2)}xx`).submit({ caseCode: 'H57-0001', answers: {} }).expect(401);
    expect(wrong.body.error).toBe('Mã ki-ốt không đúng hoặc đã bị thu hồi. Cán bộ vui lòng nhập mã ki-ốt mới.');
    await request(url).get('/api/kiosk/questionnaire').expect(401);
    await request(url).get('/api/kiosk/questionnaire').set('Authorization', token).expect(401);

    await kioskApi(url, token).questionnaire().expect(200);
    const listed = (await admin.agent.delete(`/api/kiosks/${kiosk.id}`).set('X-CSRF-Token', admin.csrf).expect(200)).body.kiosks;
    expect(listed).toEqual([expect.objectContaining({ id: kiosk.id, officeName: 'UBND phường Phú Hội', revokedAt: expect.any(String) })]);
    await kioskApi(url, token).questionnaire().expect(401);
    await kioskApi(url, token).submit({ caseCode: 'H57-0001', answers: { q1: ['1'] } }).expect(401);
    expect(storedResponses()).toEqual([]);

    const trail = server!.ctx.db.prepare(`SELECT actor, action, detail_json AS detail FROM audit_events WHERE action LIKE 'kiosk.%' ORDER BY id`).all() as { actor: string; action: string; detail: string }[];
    expect(trail.map((e) => [e.actor, e.action])).toEqual([
      ['admin', 'kiosk.create'],
      ['admin', 'kiosk.revoke'],
    ]);
    expect(JSON.stringify(trail)).not.toContain(token);
  });

  it('makes an address that keeps trying wrong tokens wait', async () => {
    const { url } = await serverWithOffices();
    for (let i = 0; i < 20; i++) await kioskApi(url, `kio_guess${i}`).questionnaire().expect(401);
    const refused = await kioskApi(url, 'kio_guess-more').questionnaire().expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits how fast one kiosk can store answers', async () => {
    const { url, admin } = await serverWithOffices();
    const { token } = await newKiosk(admin);
    for (let i = 1; i <= 20; i++) await kioskApi(url, token).submit({ caseCode: `H57-1${String(i).padStart(3, '0')}`, answers: { q1: ['1'] } }).expect(201);
    const refused = await kioskApi(url, token).submit({ caseCode: 'H57-1999', answers: { q1: ['1'] } }).expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(storedResponses()).toHaveLength(20);
  });

  it('refuses a bad case code, answers the survey does not have, a malformed body and one over 16 kB', async () => {
    const { url, admin } = await serverWithOffices();
    const { token } = await newKiosk(admin);
    const kioskClient = kioskApi(url, token);
    expect((await kioskClient.check('<script>').expect(400)).body.code).toBe('invalidCaseCode');
    expect((await kioskClient.submit({ caseCode: 'H57-0001', answers: { q1: ['1', '2'] } }).expect(400)).body.code).toBe('invalidAnswer');
    expect((await kioskClient.submit({ caseCode: 'H57-0001', answers: { z9: ['1'] } }).expect(400)).body.code).toBe('invalidAnswer');
    await kioskClient.submit({ caseCode: 'H57-0001', answers: 'q1=1' }).expect(400);
    await kioskClient.submit({ caseCode: 'H57-0001', answers: { q1: ['1'] }, padding: 'x'.repeat(17 * 1024) }).expect(413);
    await request(url).post('/api/kiosk/responses').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"caseCode":').expect(400);
    expect(storedResponses()).toEqual([]);
  });
});

describe('kiosk administration', () => {
  it('lets an administrator and a planner create kiosks, refuses other roles and requests without the CSRF token', async () => {
    const { url, admin } = await serverWithOffices();
    const planner = await userWithRole(url, admin, 'planner');
    const made = await newKiosk(planner, { surveyId: 'sipas' });
    expect(made.token).toMatch(/^kio_[A-Za-z0-9_-]{32}$/);
    const listing = (await planner.agent.get('/api/kiosks').expect(200)).body;
    expect(listing.kiosks).toEqual([expect.objectContaining({ name: 'Quầy một cửa số 1', officeCode: PHU_HOI, surveyId: 'sipas', revokedAt: null })]);
    expect(listing.offices.map((o: { code: string }) => o.code)).toEqual([PHU_HOI, VY_DA]);
    expect(listing.surveys.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['quick', 'sipas']));
    expect(JSON.stringify(listing)).not.toContain(made.token);

    for (const role of ['reviewer', 'scanner', 'supervisor']) {
      const other = await userWithRole(url, admin, role);
      await other.agent.get('/api/kiosks').expect(403);
      await other.agent.post('/api/kiosks').set('X-CSRF-Token', other.csrf).send({ name: 'x', officeCode: PHU_HOI, surveyId: 'quick' }).expect(403);
      await other.agent.delete(`/api/kiosks/${made.kiosk.id}`).set('X-CSRF-Token', other.csrf).expect(403);
    }
    await request(url).get('/api/kiosks').expect(401);
    await admin.agent.post('/api/kiosks').send({ name: 'x', officeCode: PHU_HOI, surveyId: 'quick' }).expect(403);
    await admin.agent.post('/api/kiosks').set('X-CSRF-Token', admin.csrf).send({ name: 'x', officeCode: 'ubnd-khong-co', surveyId: 'quick' }).expect(404).expect((res) => expect(res.body.code).toBe('unknownOffice'));
    await admin.agent.post('/api/kiosks').set('X-CSRF-Token', admin.csrf).send({ name: 'x', officeCode: PHU_HOI, surveyId: 'no-such-survey' }).expect(404).expect((res) => expect(res.body.code).toBe('unknownSurvey'));
    await admin.agent.delete('/api/kiosks/999').set('X-CSRF-Token', admin.csrf).expect(404);
  });

  it('serves the kiosk page itself, with the app\'s content security policy', async () => {
    const { url } = await serverWithOffices();
    const page = await request(url).get('/kiosk').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('/js/kiosk.js');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });
});
