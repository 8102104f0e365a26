import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decideDigitField, type DigitCellRead } from '../../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { beginScanFile } from '../../src/store/scans.js';
import { storePage } from '../../src/ingest/storePage.js';
import { printedForms } from '../results/paperForms.js';
import { useTempDir } from '../support/tempDir.js';
import { logIn, useTestServers } from '../support/webServer.js';

const tempDir = useTempDir();
const startServer = useTestServers();

const CELL = { width: 40, height: 50 };
const sure = (digit: number): DigitCellRead => ({ state: 'written', digit: String(digit), confidence: 1, probabilities: Array.from({ length: 10 }, (_, d) => (d === digit ? 1 : 0)) });

describe("a doubtful digit in the reviewer's clip", () => {
  it('is framed in red on the clip of the case code, and named on the item; the sure cells are not', async () => {
    const server = await startServer(tempDir());
    const db = server.ctx.db;
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'quick', { caseCodes: [null] });
    const cells = [...'46012500381'].map((c) => sure(Number(c)));
    cells.push({ state: 'written', digit: '7', confidence: 0.8, probabilities: [0, 0.2, 0, 0, 0, 0, 0, 0.8, 0, 0] });
    const read = decideDigitField(cells, { kind: 'digits', format: 'caseCode' }, HANDWRITING_SETTINGS);
    expect(read.reasons).toEqual(['doubtfulDigit']);
    const white = await sharp({ create: { ...CELL, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const sha256 = createHash('sha256').update('clip').digest('hex');
    beginScanFile(db, { sha256, name: 'quick.pdf', size: 1, source: 'cli' }, 1);
    storePage(db, {
      sha256,
      pageIndex: 0,
      clips: cells.map((_, cell) => ({ questionId: 'case_code', cell, png: white })),
      read: { kind: 'read', qr: { surveyId: survey.id, layoutHash, serial: serials[0], page: 1, pageCount }, turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields: [{ questionId: 'case_code', kind: 'digits', ...read }], needsReview: true },
    });
    const admin = await logIn(server.url);
    const [item] = (await admin.agent.post('/api/review/next').set('X-CSRF-Token', admin.csrf).send({}).expect(200)).body.items;
    expect(item.read.doubtfulCells).toEqual([11]);

    const clip = (await admin.agent.get(`/api/review/items/${item.id}/clip`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200)).body as Buffer;
    const { data, info } = await sharp(clip).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    // Each cell sits 3 pixels in, 6 apart: the margin left of cell 12 is red, left of cell 1 the grey between cells.
    const leftOf = (cell: number) => 3 + cell * (CELL.width + 6) - 2;
    const [r, g, b] = pixel(leftOf(11), 25);
    expect(r).toBeGreaterThan(180);
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);
    expect(pixel(leftOf(0), 25)).toEqual([0xd0, 0xd4, 0xda]);
    expect(pixel(leftOf(10), 25)).toEqual([0xd0, 0xd4, 0xda]);
  });
});
