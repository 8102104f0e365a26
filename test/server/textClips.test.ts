import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import type { RunningServer } from '../../src/server/startServer.js';
import { surveyDefinitionSchema } from '../../src/survey/schema.js';
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
async function writeIn(file: string, questionId: string): Promise<void> {
  const field = layout.fields.find((f) => f.questionId === questionId);
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
});
