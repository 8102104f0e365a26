import fs from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { drawMarks } from '../support/marks.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole, type Client } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();
let server: RunningServer;

/** A server whose queue holds one item per form: two answers ticked on the quick form's q1. */
async function serverWithDoubleMarks(copies: number): Promise<{ admin: Client; reviewer: Client }> {
  const dataDir = tempDir();
  server = await startServer(dataDir);
  const admin = await logIn(server.url);
  const reviewer = await userWithRole(server.url, admin, 'reviewer');
  const { files } = await printedScans(dataDir, tempDir(), 'quick', copies);
  for (const [i, file] of files.entries()) {
    const marked = await drawMarks(fs.readFileSync(file), layoutForm(loadSurveyDefinition('quick')), [
      { questionId: 'q1', code: '1', kind: 'x' },
      { questionId: 'q1', code: '2', kind: 'x' },
    ]);
    await server.ctx.scans.receive(Readable.from(marked), { originalName: `quick-${i}.png`, actor: 'admin', source: 'upload', maxBytes: 1e8 });
  }
  await server.ctx.scans.idle();
  return { admin, reviewer };
}

const post = (client: Client, url: string, body: unknown = {}) => client.agent.post(url).set('X-CSRF-Token', client.csrf).send(body as object);
const row = (sql: string, ...params: unknown[]) => server.ctx.db.prepare(sql).get(...params) as Record<string, unknown> | undefined;

describe('undoing a review decision (Ctrl+Z)', () => {
  it("takes back the reviewer's own latest decision: the answer is what it was, the item is theirs and open again, and the undo is audited", async () => {
    const { admin, reviewer } = await serverWithDoubleMarks(2);
    const items = (await post(reviewer, '/api/review/next', { count: 2 }).expect(200)).body.items as { id: number; serial: number; read: { value: string[] } }[];
    expect(items).toHaveLength(2);
    await post(reviewer, `/api/review/items/${items[0].id}/decision`, { value: ['1'] }).expect(200);
    await post(reviewer, `/api/review/items/${items[1].id}/decision`, { value: ['2'] }).expect(200);

    const undone = (await post(reviewer, '/api/review/undo').expect(200)).body.item;
    expect(undone.id).toBe(items[1].id);
    expect(undone.status).toBe('open');
    // What the form holds now is the machine's read again, the item is open and held by the reviewer.
    expect(undone.suggestion).toEqual(items[1].read.value);
    expect(row('SELECT status, claimed_by FROM review_items WHERE id = ?', items[1].id)).toEqual({ status: 'open', claimed_by: 'reviewer-user' });
    const form = (await admin.agent.get(`/api/forms/${items[1].serial}`).expect(200)).body as { answers: { questionId: string; effective: unknown }[] };
    expect(form.answers.find((a) => a.questionId === 'q1')?.effective).toEqual(items[1].read.value);
    expect(row(`SELECT actor, json_extract(detail_json, '$.item') AS item FROM audit_events WHERE action = 'review.undone'`)).toEqual({ actor: 'reviewer-user', item: items[1].id });
    // A decision taken back is not counted in the reviewer's rate.
    const rates = (await admin.agent.get('/api/supervise/rates').expect(200)).body as { reviewer: string; decided: number }[];
    expect(rates.find((r) => r.reviewer === 'reviewer-user')?.decided).toBe(1);
    // The reviewer decides it again; a second undo takes back the decision before it.
    await post(reviewer, `/api/review/items/${items[1].id}/decision`, { value: ['1'] }).expect(200);
    await post(reviewer, '/api/review/undo').expect(200);
    expect(row('SELECT status FROM review_items WHERE id = ?', items[1].id)).toEqual({ status: 'open' });
    expect((await post(reviewer, '/api/review/undo').expect(200)).body.item.id).toBe(items[0].id);
  });

  it("never takes back another reviewer's decision, and says in Vietnamese when there is nothing to undo", async () => {
    const { admin, reviewer } = await serverWithDoubleMarks(1);
    const [item] = (await post(reviewer, '/api/review/next').expect(200)).body.items as { id: number }[];
    await post(reviewer, `/api/review/items/${item.id}/decision`, { value: ['1'] }).expect(200);
    const other = await userWithRole(server.url, admin, 'supervisor');
    const refused = await post(other, '/api/review/undo').expect(404);
    expect(refused.body.error).toBe('Không có quyết định nào của bạn để hoàn tác.');
    expect(row('SELECT status FROM review_items WHERE id = ?', item.id)).toEqual({ status: 'resolved' });
    // A role that does not review may not call it at all.
    const scanner = await userWithRole(server.url, admin, 'scanner');
    await post(scanner, '/api/review/undo').expect(403);
  });

  it('refuses to undo a decision once results have been exported after it, and says why in Vietnamese', async () => {
    const { admin, reviewer } = await serverWithDoubleMarks(1);
    const [item] = (await post(reviewer, '/api/review/next').expect(200)).body.items as { id: number; serial: number }[];
    await post(reviewer, `/api/review/items/${item.id}/decision`, { value: ['1'] }).expect(200);
    await admin.agent.get('/api/results/report.csv?survey=quick&table=indices').expect(200);
    const refused = await post(reviewer, '/api/review/undo').expect(409);
    expect(refused.body.error).toMatch(new RegExp(`^Không hoàn tác được câu q1 của phiếu ${item.serial}: kết quả đã được admin xuất lúc .+, sau quyết định này`));
    expect(row('SELECT status FROM review_items WHERE id = ?', item.id)).toEqual({ status: 'resolved' });
    expect(row(`SELECT COUNT(*) AS n FROM corrections WHERE reason = 'undone'`)).toEqual({ n: 0 });
  });
});
