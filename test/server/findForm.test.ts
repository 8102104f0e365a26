import { describe, expect, it } from 'vitest';
import { printedForms, scannedPage } from '../results/paperForms.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();

describe('finding a form by what a person has at hand', () => {
  it('finds a form by its serial, by the case code it was printed for (typed with or without dots), or by the case code a reviewer typed; an unknown one is said in Vietnamese', async () => {
    const server = await startServer(tempDir());
    const db = server.ctx.db;
    const personal = printedForms(db, 'quick', { caseCodes: ['000123.25.47'] });
    const quick = printedForms(db, 'quick', { caseCodes: [null] });
    scannedPage(db, { surveyId: 'quick', layoutHash: quick.layoutHash, serial: quick.serials[0], page: 1, pageCount: quick.pageCount }, { case_code: 'handwriting' });
    db.prepare(`INSERT INTO corrections (serial, question_id, value_json, reviewer, reason) VALUES (?, 'case_code', '"460125003817"', 'admin', 'changed')`).run(quick.serials[0]);
    const admin = await logIn(server.url);
    const find = (q: string) => admin.agent.get('/api/forms/find').query({ q });

    expect((await find(String(quick.serials[0])).expect(200)).body).toEqual({ serial: quick.serials[0] });
    expect((await find('000123.25.47').expect(200)).body).toEqual({ serial: personal.serials[0] });
    expect((await find('0001232547').expect(200)).body).toEqual({ serial: personal.serials[0] });
    expect((await find('460125003817').expect(200)).body).toEqual({ serial: quick.serials[0] });
    expect((await find('999999').expect(404)).body.error).toBe('Không có phiếu nào có số phiếu hoặc mã hồ sơ 999999.');
    expect((await admin.agent.get('/api/forms/999999').expect(404)).body.error).toBe('Không có phiếu số 999999.');
    // Only the roles that may open a form may look one up.
    const reviewer = await userWithRole(server.url, admin, 'reviewer');
    await reviewer.agent.get('/api/forms/find').query({ q: String(quick.serials[0]) }).expect(403);
  });
});
