import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { qrDecoder } from '../../src/io/zxingWasm.js';
import { PAGE } from '../../src/layout/pageGeometry.js';
import type { FormLayout } from '../../src/layout/types.js';
import type { QrDecoder } from '../../src/recognize/qr.js';
import { coverQr } from '../../tools/scangen/faults.js';
import { readPage, readPlacedPage, type FieldRead, type PageRead, type ReadContext } from '../../src/recognize/readPage.js';
import { openDatabase } from '../../src/store/db.js';
import { findLayout } from '../../src/store/printRuns.js';
import { drawMarks, toGray, type Mark } from '../support/marks.js';
import { printedScans } from '../support/printedScans.js';

let layout: FormLayout;
let page1: Buffer;
let ctx: ReadContext;
let serial: number;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-read-'));
  const { files, serials } = await printedScans(dataDir, `${dataDir}/scans`, 'sipas', 1);
  const db = openDatabase(dataDir);
  layout = findLayout(db, (db.prepare('SELECT hash FROM layouts').get() as { hash: string }).hash)!.layout;
  db.close();
  page1 = fs.readFileSync(files[0]);
  serial = serials[0];
  const decodeQr: QrDecoder = await qrDecoder();
  ctx = { secret: loadOrCreateSecret(dataDir), decodeQr, findLayout: (hash) => (hash === layout.hash ? layout : undefined), pixelsPerPoint: 300 / 72 };
}, 120_000);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const marks: Mark[] = [
  { questionId: 'a1', code: '4', kind: 'x' },
  { questionId: 'a2', code: '5', kind: 'tick' },
  { questionId: 'a3', code: '1', kind: 'x' },
  // Two answers to a one-answer question.
  { questionId: 'b1', code: '2', kind: 'x' },
  { questionId: 'b1', code: '3', kind: 'x' },
  // A cancelled (filled) box, then the real answer.
  { questionId: 'b2', code: '1', kind: 'filled' },
  { questionId: 'b2', code: '4', kind: 'x' },
  // Only a cancelled box.
  { questionId: 'b3', code: '2', kind: 'filled' },
  // A stroke that only reaches the border is not a mark.
  { questionId: 'c1', code: '3', kind: 'borderStroke' },
  { questionId: 'c2', code: '3', kind: 'pencil' },
];

function field(read: PageRead, id: string): Extract<FieldRead, { boxes: unknown }> {
  if (read.kind !== 'read') throw new Error(`page not read: ${JSON.stringify(read)}`);
  const f = read.fields.find((x) => x.questionId === id);
  if (!f || !('boxes' in f)) throw new Error(`no box field ${id}`);
  return f;
}

function expectTheMarks(read: PageRead) {
  expect(read.kind).toBe('read');
  expect(field(read, 'a1')).toMatchObject({ value: ['4'], reasons: [] });
  expect(field(read, 'a2')).toMatchObject({ value: ['5'], reasons: [] });
  expect(field(read, 'a3')).toMatchObject({ value: ['1'], reasons: [] });
  expect(field(read, 'b1').reasons).toContain('multipleAnswers');
  expect(field(read, 'b2')).toMatchObject({ value: ['4'], reasons: [] });
  expect(field(read, 'b2').boxes[0].state).toBe('cancelled');
  expect(field(read, 'b3').reasons).toEqual(['cancelledOnly']);
  expect(field(read, 'c1')).toMatchObject({ value: [], reasons: [] });
  // Light pencil is either read or sent to a person, never silently dropped.
  const pencil = field(read, 'c2');
  expect(pencil.value.includes('3') || pencil.reasons.includes('marginalMark')).toBe(true);
  for (const id of ['c3', 'c4', 'd1', 'd2']) expect(field(read, id)).toMatchObject({ value: [], reasons: [] });
}

describe('readPage on printed, marked and degraded pages', () => {
  it('reads each kind of mark on a clean 300 dpi page and verifies the QR', async () => {
    const { read } = await readPage(await toGray(await drawMarks(page1, layout, marks)), ctx);
    expect(read).toMatchObject({ kind: 'read', turned: false, qr: { surveyId: 'sipas', serial, page: 1, pageCount: 2 } });
    expectTheMarks(read);
  });

  it('reads the same through a 2.5° skew, blur and JPEG at quality 45', async () => {
    const marked = await drawMarks(page1, layout, marks);
    const jpeg = await sharp(marked).rotate(2.5, { background: '#fff' }).blur(0.7).jpeg({ quality: 45 }).toBuffer();
    expectTheMarks((await readPage(await toGray(jpeg), ctx)).read);
  });

  it('turns an upside-down page and reads it', async () => {
    const marked = await drawMarks(page1, layout, marks);
    const { read } = await readPage(await toGray(sharp(marked).rotate(180.8, { background: '#fff' })), ctx);
    expect(read).toMatchObject({ kind: 'read', turned: true });
    expectTheMarks(read);
  });

  it('reads a bilevel (thresholded) scan as a G4 fax would give it', async () => {
    const marked = await drawMarks(page1, layout, marks.filter((m) => m.kind !== 'pencil'));
    const skewed = await sharp(marked).rotate(-1.2, { background: '#fff' }).flatten({ background: '#fff' }).toBuffer();
    const g4 = await sharp(skewed).threshold(160).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer();
    const { read } = await readPage(await toGray(g4), ctx);
    expect(field(read, 'a1')).toMatchObject({ value: ['4'], reasons: [] });
    expect(field(read, 'b3').reasons).toEqual(['cancelledOnly']);
  });

  it('reads a photocopy at 97 % and refuses one at 90 % as off scale', async () => {
    const marked = await drawMarks(page1, layout, marks);
    const meta = await sharp(marked).metadata();
    const copyAt = async (scale: number) => {
      const small = await sharp(marked).resize(Math.round(meta.width! * scale)).toBuffer();
      const { width, height } = await sharp(small).metadata();
      const left = Math.floor((meta.width! - width!) / 2);
      const top = Math.floor((meta.height! - height!) / 2);
      return toGray(sharp(small).extend({ left, top, right: meta.width! - width! - left, bottom: meta.height! - height! - top, background: '#fff' }));
    };
    expectTheMarks((await readPage(await copyAt(0.97), ctx)).read);
    expect((await readPage(await copyAt(0.9), ctx)).read).toMatchObject({ kind: 'unreadable', reason: 'scaleOff', qr: { serial }, message: expect.stringMatching(/^Trang được in hoặc quét ở cỡ 9\d,\d % × 9\d,\d % so với phiếu \(cho phép ±\d+ %\)/) });
  });

  it('tells a blank sheet, a form of an unknown layout and a page without our code apart', async () => {
    const blank = await toGray(sharp({ create: { width: 2480, height: 3508, channels: 3, background: '#fafafa' } }).png());
    expect((await readPage(blank, ctx)).read).toEqual({ kind: 'blank' });
    // Scanner specks (1 % of pixels, isolated) do not make a blank sheet a page to review.
    let seed = 1;
    for (let i = 0; i < blank.data.length; i++) if (((seed = (seed * 48271) % 2147483647) & 127) === 0) blank.data[i] = 20;
    expect((await readPage(blank, ctx)).read).toEqual({ kind: 'blank' });
    const unknown = await readPage(await toGray(page1), { ...ctx, findLayout: () => undefined });
    expect(unknown.read).toMatchObject({ kind: 'notOurForm', reason: 'unknownLayout', message: expect.stringMatching(/^Phiếu được in theo bố cục \w+ của mẫu phiếu "sipas", nơi này không có bố cục đó/) });
    const foreignSecret = await readPage(await toGray(page1), { ...ctx, secret: Buffer.alloc(32, 1) });
    expect(foreignSecret.read).toMatchObject({ kind: 'notOurForm', reason: 'badSignature', message: expect.stringMatching(/^Chữ ký của mã QR không khớp/) });
    const text = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="2480" height="3508"><rect width="2480" height="3508" fill="#fff"/><text x="200" y="400" font-size="120">Một trang khác</text></svg>`);
    expect((await readPage(await toGray(text), ctx)).read).toMatchObject({ kind: 'unreadable', reason: 'noCode', message: expect.stringMatching(/^Không thấy mã QR của phiếu trên trang/) });
  });

  it('finds the form on a phone photo: smaller, sheared, on a dark table', async () => {
    const marked = await drawMarks(page1, layout, marks);
    const photoPage = await sharp(marked).resize({ width: 1500 }).affine([[1, 0.03], [0.02, 1]], { background: '#fff' }).rotate(3, { background: '#777' }).toBuffer();
    const photo = sharp({ create: { width: 2200, height: 2900, channels: 3, background: '#666' } }).composite([{ input: photoPage, left: 300, top: 280 }]);
    const { read } = await readPage(await toGray(photo), { ...ctx, pixelsPerPoint: undefined });
    expect(field(read, 'a1')).toMatchObject({ value: ['4'], reasons: [] });
    expect(field(read, 'b2')).toMatchObject({ value: ['4'], reasons: [] });
  });
});

describe('readPlacedPage: a page whose code is lost, read as the form page a person placed it on', () => {
  const placedAs = (page: number, quarterTurns: number) => ({ qr: { surveyId: 'sipas', layoutHash: layout.hash, serial, page, pageCount: 2 }, quarterTurns });

  it('reads every mark of a page turned upright by a person, and refuses it still upside down or placed on the wrong page', async () => {
    const upright = await toGray(await drawMarks(page1, layout, marks));
    coverQr(upright, layout.pages[0].qr, upright.width / PAGE.width);
    const raw = { raw: { width: upright.width, height: upright.height, channels: 1 as const } };
    const image = await toGray(sharp(await sharp(upright.data, raw).png().toBuffer()).rotate(180.6, { background: '#fff' }));
    expect((await readPage(image, ctx)).read).toMatchObject({ kind: 'unreadable', reason: 'noCode' });

    expectTheMarks((await readPlacedPage(image, placedAs(1, 2), ctx)).read);
    expect((await readPlacedPage(image, placedAs(1, 0), ctx)).read).toMatchObject({ kind: 'unreadable', reason: 'upsideDown', message: expect.stringMatching(/^Trang bị lộn ngược: các ô in trên trang khớp với phiếu \d+ % khi xoay ngược lại, \d+ % như đang đặt/) });
    expect((await readPlacedPage(image, placedAs(2, 2), ctx)).read).toMatchObject({ kind: 'unreadable', reason: 'notThisForm', message: expect.stringMatching(/^Chỉ \d+ % số ô in nằm đúng chỗ của trang 2 của phiếu này: có thể là trang của phiếu khác\?/) });
  });
});
