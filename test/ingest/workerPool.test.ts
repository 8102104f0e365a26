import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/ingest/decode.js';
import { pageWorkerScript } from '../../src/ingest/pageWorkerScript.js';
import { PageWorkerPool } from '../../src/ingest/workerPool.js';
import { openDatabase } from '../../src/store/db.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { seededRandom } from '../../src/sampling/random.js';
import { renderTextLine } from '../../src/demo/handwriting.js';
import { paperSheet, pasteInk } from '../../src/demo/pen.js';
import { toGray } from '../support/marks.js';
import { printedScans } from '../support/printedScans.js';
import { fixturePath } from '../support/fixtures.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('the page worker pool', () => {
  it('runs its workers from the built JavaScript in dist/, whose source maps name the TypeScript files', () => {
    const script = pageWorkerScript();
    expect(fileURLToPath(script)).toBe(fileURLToPath(new URL('../../dist/ingest/pageWorker.js', import.meta.url)));
    const code = fs.readFileSync(script, 'utf8');
    expect(code).not.toMatch(/\btsx\b/);
    const map = JSON.parse(fs.readFileSync(fileURLToPath(script) + '.map', 'utf8')) as { sources: string[] };
    expect(map.sources.map((s) => path.resolve(path.dirname(fileURLToPath(script)), s))).toEqual([fileURLToPath(new URL('../../src/ingest/pageWorker.ts', import.meta.url))]);
  });

  it('opens a file on a worker to count its pages, and says in words why a damaged or locked one cannot be read', async () => {
    const dataDir = tempDir();
    openDatabase(dataDir).close();
    const pool = new PageWorkerPool({ dataDir, limits: DEFAULT_LIMITS }, 1);
    try {
      const damaged = path.join(tempDir(), 'hong.pdf');
      fs.writeFileSync(damaged, '%PDF-1.4\nkhông phải PDF\n');
      const replies = await Promise.all([
        pool.open(fixturePath('scanner-files', 'mixed-6pages-jpeg.pdf'), 'mixed'),
        pool.open(fixturePath('scanner-files', 'encrypted.pdf'), 'encrypted'),
        pool.open(damaged, 'damaged'),
      ]);
      expect(replies[0]).toMatchObject({ ok: true, pageCount: 6, setting: { bilevel: false } });
      expect(replies[1]).toMatchObject({ ok: false, message: expect.stringContaining('mật khẩu') });
      expect(replies[2]).toMatchObject({ ok: false, message: expect.stringContaining('hỏng') });
    } finally {
      await pool.close();
    }
  });

  it('has its workers read written text zones through one shared OCR engine', async () => {
    const dataDir = tempDir();
    const scanDir = tempDir();
    const layout = layoutForm(loadSurveyDefinition('one-stop'));
    const { files } = await printedScans(dataDir, scanDir, 'one-stop', 2);
    const name = layout.fields.find((f) => f.questionId === 'name');
    if (name?.kind !== 'text') throw new Error('the one-stop survey has no name zone');
    const ppp = 300 / 72;
    const people = ['Nguyễn Văn An', 'Trần Thị Bích'];
    const written = await Promise.all(
      files.map(async (file, i) => {
        const image = await toGray(fs.readFileSync(file));
        const ink = await renderTextLine(people[i], Math.round(name.rect.w * ppp), Math.round(name.rect.h * ppp), 'printed', seededRandom(people[i]));
        pasteInk(paperSheet(image, ppp), name.rect, ink);
        const out = path.join(scanDir, `written-${i}.png`);
        await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).png().toFile(out);
        return out;
      }),
    );
    const pool = new PageWorkerPool({ dataDir, limits: DEFAULT_LIMITS }, 2);
    try {
      const replies = await Promise.all(written.map((file, i) => pool.run({ file, sha256: `written-${i}`, pageIndex: 0 })));
      const suggestions = replies.map((reply) => {
        if (!reply.ok || reply.page.read.kind !== 'read') throw new Error(`the page was not read: ${JSON.stringify(reply).slice(0, 200)}`);
        return reply.page.read.fields.find((f) => f.questionId === 'name');
      });
      // The shipped one-stop form keeps names as images: what OCR read is kept to search by, never as the answer.
      expect(suggestions[0]).toMatchObject({ kind: 'text', inked: true, searchText: expect.stringMatching(/Nguy.n V.n An/) });
      expect(suggestions[1]).toMatchObject({ kind: 'text', inked: true, searchText: expect.stringMatching(/Tr.n Th. B.ch/) });
    } finally {
      await pool.close();
    }
  });
});
