import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { audit } from '../../src/store/db.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole, type Client } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer | undefined;

const count = (sql: string) => (server!.ctx.db.prepare(sql).get() as { n: number }).n;
const post = (client: Client, url: string, body: object = {}) => client.agent.post(url).set('X-CSRF-Token', client.csrf).send(body);

describe('a first run that explains itself', () => {
  it('loads the demo once: the task ends saying what to open next, and a second press says it is already loaded and adds nothing', async () => {
    server = await startServer(tempDir());
    const admin = await logIn(server.url);
    await post(admin, '/api/demo').expect(202);
    await server.ctx.tasks.idle();
    const task = (await admin.agent.get('/api/tasks/demo').expect(200)).body;
    expect(task.error).toBeUndefined();
    expect(task.result.next).toMatch(/^Đã tạo dữ liệu mẫu.*Duyệt phiếu/);
    // The demo's Hue-S answers carry the wishes (one to three, all known options) and their case's procedure.
    const wishes = (server.ctx.db.prepare(`SELECT json_extract(answers_json, '$.expectations') AS w, procedure FROM electronic_responses`).all() as { w: string; procedure: string | null }[]);
    expect(wishes.length).toBeGreaterThan(0);
    for (const { w, procedure } of wishes) {
      expect((JSON.parse(w) as string[]).every((code) => ['1', '2', '3', '4', '5', '6'].includes(code))).toBe(true);
      expect(JSON.parse(w).length).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(w).length).toBeLessThanOrEqual(3);
      expect(procedure).toEqual(expect.any(String));
    }
    const items = count('SELECT COUNT(*) AS n FROM review_items');
    const scans = count('SELECT COUNT(*) AS n FROM scan_files');
    expect(items).toBeGreaterThan(0);

    const again = (await post(admin, '/api/demo').expect(200)).body;
    expect(again.alreadyLoaded).toBe(true);
    expect(again.message).toMatch(/^Dữ liệu mẫu đã được tạo lúc .*Duyệt phiếu/);
    await server.ctx.tasks.idle();
    expect(count('SELECT COUNT(*) AS n FROM review_items')).toBe(items);
    expect(count('SELECT COUNT(*) AS n FROM scan_files')).toBe(scans);
    const dashboard = (await admin.agent.get('/api/dashboard').expect(200)).body as { demoLoadedAt: string; offices: { surveyId: string; surveyName: string }[] };
    expect(dashboard.demoLoadedAt).toEqual(expect.any(String));
    // The dashboard names each form by its survey's name, not its id.
    expect(new Set(dashboard.offices.map((o) => o.surveyName))).toContain(loadSurveyDefinition('sipas').name);
    for (const o of dashboard.offices) expect(o.surveyName).not.toBe(o.surveyId);

    // What the loaded demo shows: the form view names the form's status, the review filters name the questions.
    const serial = (server.ctx.db.prepare(`SELECT MIN(serial) AS s FROM forms WHERE status = 'scanned'`).get() as { s: number }).s;
    expect((await admin.agent.get(`/api/forms/${serial}`).expect(200)).body).toMatchObject({ status: 'scanned', statusLabel: 'Đã quét' });
    const { questions } = (await admin.agent.get('/api/review/filters').expect(200)).body as { questions: { id: string; text: string }[] };
    expect(questions.length).toBeGreaterThan(0);
    for (const q of questions) expect(q.text).not.toBe(q.id);
  }, 240_000);

  it('serves a favicon', async () => {
    server = await startServer(tempDir());
    const icon = await logIn(server.url).then((c) => c.agent.get('/favicon.ico').expect(200));
    expect(icon.headers['content-type']).toMatch(/^image\//);
  });

  it('gives the audit log as Vietnamese sentences, not JSON', async () => {
    server = await startServer(tempDir());
    const admin = await logIn(server.url);
    await userWithRole(server.url, admin, 'reviewer');
    await post(admin, '/api/stations', { name: 'Bưu cục Phú Hội' }).expect(201);
    await post(admin, '/api/supervise/double-entry', { on: true }).expect(200);
    audit(server.ctx.db, 'admin', 'demo.load', { files: 13, pages: 13, outcomes: { read: 10, duplicate: 1, unknownSerial: 1, unreadable: 1 } });
    const { events } = (await admin.agent.get('/api/audit').expect(200)).body as { events: { actor: string; text: string }[] };
    const texts = events.map((e) => e.text);
    expect(texts).toContain('Tạo tài khoản reviewer-user, vai trò Nhập liệu.');
    expect(texts).toContain('Tạo mã cho trạm quét Bưu cục Phú Hội.');
    expect(texts).toContain('Bật duyệt hai lần.');
    expect(texts).toContain('Tạo dữ liệu mẫu: 13 tệp, 13 trang — đọc được: 10; trùng (bản sao hoặc quét lại): 1; số phiếu chưa từng in: 1; không đọc được: 1.');
    for (const text of texts) expect(text).not.toMatch(/[{}"]/);
  });
});
