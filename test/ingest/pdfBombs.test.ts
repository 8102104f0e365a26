import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, type PDFPage, type PDFRef } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { openScan } from '../../src/ingest/decode.js';
import { pagePixels } from '../../src/ingest/pdfPagePixels.js';
import { runPhieuMeasured } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

/** White grey pixels, compressed: a few kilobytes in the file, width × height bytes and more once decoded. */
const whitePixels = (width: number, height: number) => deflateSync(Buffer.alloc(width * height, 255), { level: 9 });

function imageXObject(doc: PDFDocument, width: number, height: number, data = whitePixels(width, height)): PDFRef {
  return doc.context.register(doc.context.stream(data, { Type: 'XObject', Subtype: 'Image', Width: width, Height: height, ColorSpace: 'DeviceGray', BitsPerComponent: 8, Filter: 'FlateDecode' }));
}

function draw(doc: PDFDocument, page: PDFPage, content: string): void {
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(content)));
}

/** One A4 page with four 7000 × 7000 images side by side: each under the 60-megapixel cap, 196 megapixels together. */
async function manyImages(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const data = whitePixels(7000, 7000);
  const names = [0, 1, 2, 3].map(() => page.node.newXObject('Im', imageXObject(doc, 7000, 7000, data)));
  draw(doc, page, names.map((name, i) => `q 140 0 0 140 ${10 + i * 145} 300 cm ${name} Do Q`).join('\n'));
  return doc.save();
}

/** The page draws one Form XObject that draws one 8000 × 8000 image (64 megapixels) nested one level deeper. */
async function imageInForm(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const inner = doc.context.register(
    doc.context.stream('q 595 0 0 842 0 0 cm /Big Do Q', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 595, 842], Resources: { XObject: { Big: imageXObject(doc, 8000, 8000) } } }),
  );
  const outer = doc.context.register(doc.context.stream('/Inner Do', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 595, 842], Resources: { XObject: { Inner: inner } } }));
  const name = page.node.newXObject('Fm', outer);
  draw(doc, page, `${name} Do`);
  return doc.save();
}

/** An inline image (BI … ID … EI) of 8000 × 8000 grey pixels written straight into the page's content stream. */
async function inlineImage(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const head = Buffer.from('q 595 0 0 842 0 0 cm\nBI /W 8000 /H 8000 /CS /G /BPC 8 /F /Fl ID\n', 'latin1');
  const tail = Buffer.from('\nEI\nQ\n', 'latin1');
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(Buffer.concat([head, whitePixels(8000, 8000), tail]))));
  return doc.save();
}

/** A Form XObject that draws itself: a renderer following it never ends. */
async function formLoop(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const ref = doc.context.nextRef();
  doc.context.assign(ref, doc.context.stream('/Self Do', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 595, 842], Resources: { XObject: { Self: ref, Img: imageXObject(doc, 100, 100) } } }));
  const name = page.node.newXObject('Fm', ref);
  draw(doc, page, `${name} Do`);
  return doc.save();
}

describe('PDF pages whose images decode to more than a page may hold', () => {
  it('are refused before any image is decoded, naming the page and the megapixels, and counting images in forms and inline ones', async () => {
    for (const [build, images, megapixels] of [
      [manyImages, 4, 196],
      [imageInForm, 1, 64],
      [inlineImage, 1, 64],
    ] as const) {
      const scan = await openScan(await build());
      await expect(scan.decodePage(0)).rejects.toMatchObject({
        reason: 'tooLarge',
        params: expect.objectContaining({ page: 1 }),
        message: `trang 1 chứa ${images} ảnh, tổng cộng ${megapixels} megapixel, vượt giới hạn 60 megapixel một trang (bị từ chối, không giải mã)`,
      });
    }
    await expect((await openScan(await formLoop())).decodePage(0)).rejects.toMatchObject({ reason: 'corrupt', params: { page: 1 }, message: expect.stringMatching(/tự chứa chính nó/) });
  }, 120_000);

  it('are refused by phieu scan with the file and page named, while the process stays under 1 GB of memory', async () => {
    const dataDir = tempDir();
    const batch = tempDir();
    fs.writeFileSync(path.join(batch, 'nhieu-anh.pdf'), await manyImages());
    fs.writeFileSync(path.join(batch, 'anh-trong-form.pdf'), await imageInForm());
    fs.writeFileSync(path.join(batch, 'anh-noi-dong.pdf'), await inlineImage());
    fs.writeFileSync(path.join(batch, 'vong-lap.pdf'), await formLoop());

    const run = await runPhieuMeasured(['--data', dataDir, '--json', 'scan', batch]);
    const summary = JSON.parse(run.stdout) as { problems: { file: string; page: number; outcome: string; reason: string }[]; outcomes: Record<string, number> };
    expect(summary.outcomes).toEqual({ refused: 4 });
    expect(summary.problems.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: 'anh-noi-dong.pdf', page: 1, outcome: 'refused', reason: expect.stringMatching(/^trang 1 chứa 1 ảnh, tổng cộng 64 megapixel, vượt giới hạn/) },
      { file: 'anh-trong-form.pdf', page: 1, outcome: 'refused', reason: expect.stringMatching(/^trang 1 chứa 1 ảnh, tổng cộng 64 megapixel, vượt giới hạn/) },
      { file: 'nhieu-anh.pdf', page: 1, outcome: 'refused', reason: expect.stringMatching(/^trang 1 chứa 4 ảnh, tổng cộng 196 megapixel, vượt giới hạn/) },
      { file: 'vong-lap.pdf', page: 1, outcome: 'refused', reason: expect.stringMatching(/^trang 1 có một khối nội dung \(Form XObject\) tự chứa chính nó/) },
    ]);
    expect(run.peakRssBytes).toBeLessThan(1024 ** 3);
  }, 300_000);
});

describe('the pixels of a PDF page', () => {
  it('are those of the images the page draws, not of every image in a resource dictionary its pages share', async () => {
    // Some producers keep every page's image in one dictionary at the root of the page tree.
    const doc = await PDFDocument.create();
    const pages = [0, 1, 2].map(() => doc.addPage([595, 842]));
    const shared = doc.context.obj({ XObject: Object.fromEntries(pages.map((_, i) => [`Im${i}`, imageXObject(doc, 5000, 5000, Buffer.alloc(0))])) });
    doc.catalog.Pages().set(PDFName.of('Resources'), shared);
    pages.forEach((page, i) => {
      page.node.delete(PDFName.of('Resources'));
      draw(doc, page, `q 595 0 0 842 0 0 cm /Im${i} Do Q`);
    });
    const reopened = await PDFDocument.load(await doc.save());
    expect(reopened.getPages().map((page, i) => pagePixels(reopened.context, page, i + 1))).toEqual(Array(3).fill({ images: 1, pixels: 25_000_000 }));
  });
});
