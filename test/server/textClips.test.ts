import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { surveyDefinitionSchema } from '../../src/survey/schema.js';
import { paperResponses } from '../../src/report/resultsReport.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers, userWithRole } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();

/** The quick survey with a comment line the office keeps as an image only: nobody types it. */
const survey = surveyDefinitionSchema.parse({
  ...loadSurveyDefinition('quick'),
  id: 'quick-comments',
  sections: [...loadSurveyDefinition('quick').sections, { questions: [{ id: 'comment', kind: 'text', lines: 2, text: 'Ý kiến góp ý khác của Ông/Bà', transcribe: 'image' }] }],
});
const layout = layoutForm(survey);

/** Handwriting-like strokes across a text zone of a page rendered at 300 dpi. */
async function writeIn(file: string, questionId: string, on = layout): Promise<void> {
  const field = on.fields.find((f) => f.questionId === questionId);
  if (field?.kind !== 'text') throw new Error(`no text zone ${questionId}`);
  const k = 300 / 72;
  const { x, y, w, h } = { x: field.rect.x * k, y: field.rect.y * k, w: field.rect.w * k, h: field.rect.h * k };
  const { width = 0, height = 0 } = await sharp(file).metadata();
  const zigzag = Array.from({ length: 40 }, (_, i) => `${x + 20 + (i * (w * 0.6)) / 40},${y + h * 0.3 + (i % 2 ? 25 : -10)}`).join(' ');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><polyline points="${zigzag}" fill="none" stroke="#15153a" stroke-width="5"/></svg>`;
  const inked = await sharp(file).composite([{ input: Buffer.from(svg) }]).png().toBuffer();
  fs.writeFileSync(file, inked);
}

describe('a comment kept as an image only', () => {
  let server: RunningServer;

  it('goes to nobody to type, and its clip is browsed by office and question by the roles allowed to see it', async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const admin = await logIn(server.url);
    server.ctx.db.prepare(`INSERT INTO offices (code, name, level) VALUES ('PH', 'UBND phường Phú Hội', 'xã'), ('VD', 'UBND phường Vỹ Dạ', 'xã')`).run();
    const { files, serials } = await printedScans(dataDir, tempDir(), survey, 1, { officeCode: 'PH' });
    const page = layout.fields.find((f) => f.questionId === 'comment')!.page;
    await writeIn(files[page - 1], 'comment');
    for (const [i, file] of files.entries()) {
      await admin.agent.put(`/api/uploads?name=gop-y-${i}.png`).set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/octet-stream').send(fs.readFileSync(file)).expect(201);
    }
    await server.ctx.scans.idle();

    const { db } = server.ctx;
    const read = db.prepare(`SELECT id, read_json FROM pages WHERE serial = ? AND page_number = ? AND outcome = 'read'`).get(serials[0], page) as { id: number; read_json: string };
    expect(JSON.parse(read.read_json).fields.find((f: { questionId: string }) => f.questionId === 'comment')).toMatchObject({ inked: true, reasons: [] });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM review_items WHERE question_id = 'comment'`).get()).toEqual({ n: 0 });

    const supervisor = await userWithRole(server.url, admin, 'supervisor');
    const planner = await userWithRole(server.url, admin, 'planner');
    const { body: found } = await supervisor.agent.get('/api/clips?office=PH&questionId=comment').expect(200);
    expect(found.clips).toEqual([expect.objectContaining({ pageId: read.id, serial: serials[0], questionId: 'comment', officeCode: 'PH', officeName: 'UBND phường Phú Hội', surveyId: 'quick-comments' })]);
    expect(found.clips[0].questionText).toBe('Ý kiến góp ý khác của Ông/Bà');
    expect((await planner.agent.get('/api/clips?questionId=comment').expect(200)).body.clips).toHaveLength(1);
    expect((await supervisor.agent.get('/api/clips?office=VD&questionId=comment').expect(200)).body.clips).toEqual([]);
    expect((await supervisor.agent.get('/api/clips?office=PH&questionId=case_code').expect(200)).body.clips).toEqual([]);

    // The browser's menus: offices with forms read and the written questions; nothing typed yet to search in.
    const { body: choices } = await supervisor.agent.get('/api/clips/choices').expect(200);
    expect(choices.offices).toEqual([{ code: 'PH', name: 'UBND phường Phú Hội' }]);
    expect(choices.questions).toEqual([{ id: 'comment', text: 'Ý kiến góp ý khác của Ông/Bà', surveyId: 'quick-comments' }]);
    expect((await supervisor.agent.get('/api/clips?text=gh%E1%BA%BF').expect(200)).body.clips).toEqual([]);

    const image = await supervisor.agent.get(`/api/clips/${read.id}/comment`).expect(200);
    expect(image.type).toBe('image/png');
    const meta = await sharp(image.body).metadata();
    expect(meta.width).toBeGreaterThan(100);

    for (const role of ['reviewer', 'scanner']) {
      const other = await userWithRole(server.url, admin, role);
      await other.agent.get('/api/clips?office=PH&questionId=comment').expect(403);
      await other.agent.get(`/api/clips/${read.id}/comment`).expect(403);
      await other.agent.get('/api/clips/choices').expect(403);
    }
  });

  it("keeps the shipped one-stop form's comments, name and address as images only: no item, the form counts, the clips are browsed by the roles allowed", async () => {
    const dataDir = tempDir();
    server = await startServer(dataDir);
    const admin = await logIn(server.url);
    server.ctx.db.prepare(`INSERT INTO offices (code, name, level) VALUES ('PH', 'UBND phường Phú Hội', 'xã')`).run();
    const oneStop = loadSurveyDefinition('one-stop');
    const oneStopLayout = layoutForm(oneStop);
    const { files, serials } = await printedScans(dataDir, tempDir(), 'one-stop', 1, { officeCode: 'PH' });
    const written = ['name', 'address', 'other_comments', 'dissatisfaction'];
    for (const questionId of written) await writeIn(files[oneStopLayout.fields.find((f) => f.questionId === questionId)!.page - 1], questionId, oneStopLayout);
    for (const [i, file] of files.entries()) {
      await admin.agent.put(`/api/uploads?name=mot-cua-${i}.png`).set('X-CSRF-Token', admin.csrf).set('Content-Type', 'application/octet-stream').send(fs.readFileSync(file)).expect(201);
    }
    await server.ctx.scans.idle();

    const { db } = server.ctx;
    const reads = (db.prepare(`SELECT read_json FROM pages WHERE serial = ? AND outcome = 'read'`).all(serials[0]) as { read_json: string }[]).flatMap((r) => JSON.parse(r.read_json).fields as { questionId: string }[]);
    for (const questionId of written) expect(reads.find((f) => f.questionId === questionId), questionId).toMatchObject({ inked: true, value: null, reasons: [] });
    expect(db.prepare(`SELECT question_id FROM review_items WHERE question_id IN (${written.map(() => '?').join(',')})`).all(...written)).toEqual([]);
    // Nothing written holds the form back: it counts as soon as its pages are read.
    expect(paperResponses(db, oneStop).find((r) => r.key === `paper:${serials[0]}`)).toMatchObject({ pending: null });
    expect((await admin.agent.get('/api/review/stats').expect(200)).body.keptAsImages).toBe(written.length);

    const supervisor = await userWithRole(server.url, admin, 'supervisor');
    const planner = await userWithRole(server.url, admin, 'planner');
    const ids = (clips: { questionId: string }[]) => clips.map((c) => c.questionId).sort();
    // Comments for those who act on them; names and addresses only with personal-data access.
    expect(ids((await supervisor.agent.get('/api/clips?office=PH').expect(200)).body.clips)).toEqual(['dissatisfaction', 'other_comments']);
    expect(ids((await planner.agent.get('/api/clips?office=PH').expect(200)).body.clips)).toEqual(['address', 'dissatisfaction', 'name', 'other_comments']);
    await supervisor.agent.get(`/api/clips/${(db.prepare(`SELECT id FROM pages WHERE serial = ? AND page_number = 1`).get(serials[0]) as { id: number }).id}/name`).expect(404);
    await (await userWithRole(server.url, admin, 'reviewer')).agent.get('/api/clips?office=PH').expect(403);
  });
});
