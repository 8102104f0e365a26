import fs from 'node:fs';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { openScan } from '../../src/ingest/decode.js';
import type { GrayImage } from '../../src/image/grayImage.js';
import { packScanFile, PALETTE_GREYS, type FlateStyle } from '../../tools/scangen/encode.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const PIXELS_PER_POINT = 300 / 72;

/** A printed quick form at 300 dpi with a band of every grey from black to white across it, so each level is decoded. */
let page: GrayImage;
beforeAll(async () => {
  const { files } = await printedScans(tempDir(), tempDir(), 'quick', 1);
  const { data, info } = await sharp(files[0]).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  page = { data: new Uint8Array(data), width: info.width, height: info.height };
  for (let y = 1200; y < 1260; y++) for (let x = 0; x < page.width; x++) page.data[y * page.width + x] = Math.floor((x * 256) / page.width);
}, 120_000);

/** What each style stores of a grey: all of it, one bit at the threshold, or the nearest of the palette's 16 greys. */
function stored(style: FlateStyle, v: number): number {
  if (style.colour === 'bilevel') return v >= style.threshold ? 255 : 0;
  if (style.colour === 'palette') return PALETTE_GREYS[Math.round(v / 17)];
  return v;
}

const STYLES: FlateStyle[] = [
  { colour: 'gray' },
  { colour: 'gray', predictor: 15 },
  { colour: 'rgb' },
  { colour: 'rgb', predictor: 12 },
  { colour: 'bilevel', threshold: 160 },
  { colour: 'bilevel', threshold: 160, predictor: 10 },
  { colour: 'palette' },
  { colour: 'palette', predictor: 15 },
];

/** The same PDF, but its page no longer one image alone (an unused image beside it), so it is drawn whole by pdfjs. */
async function drawnWhole(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const extra = doc.context.register(doc.context.stream(deflateSync(Buffer.alloc(1, 255)), { Type: 'XObject', Subtype: 'Image', Width: 1, Height: 1, ColorSpace: 'DeviceGray', BitsPerComponent: 8, Filter: 'FlateDecode' }));
  doc.getPages()[0].node.newXObject('Unused', extra);
  return doc.save();
}

describe('Flate images in PDFs, decoded a row at a time', () => {
  it.each(STYLES.map((style) => [`${style.colour}${style.predictor ? `, PNG predictor ${style.predictor}` : ', no predictor'}`, style] as const))(
    'give exactly the greys that were stored, and the page pdfjs draws (%s)',
    async (_, style) => {
      const pdf = await packScanFile([{ image: page, pixelsPerPoint: PIXELS_PER_POINT }], { kind: 'png', flate: style }, 'pdf');
      const decoded = await (await openScan(pdf)).decodePage(0);
      expect(decoded.via).toBe('FlateDecode');
      expect([decoded.image.width, decoded.image.height]).toEqual([page.width, page.height]);
      const wrong = page.data.reduce((n, v, i) => n + (decoded.image.data[i] === stored(style, v) ? 0 : 1), 0);
      expect(wrong).toBe(0);

      // pdfjs is another decoder altogether; at 300 dpi it draws the image pixel for pixel, give or take rounding.
      const rendered = await (await openScan(await drawnWhole(pdf))).decodePage(0);
      expect(rendered.via).toBe('pdfRender');
      expect([rendered.image.width, rendered.image.height]).toEqual([page.width, page.height]);
      const far = decoded.image.data.reduce((n, v, i) => n + (Math.abs(v - rendered.image.data[i]) > 2 ? 1 : 0), 0);
      expect(far / decoded.image.data.length).toBeLessThan(0.001);
    },
    120_000,
  );

  it('refuse a page whose image data ends before its last row, naming the page', async () => {
    const pdf = await packScanFile([{ image: page, pixelsPerPoint: PIXELS_PER_POINT }], { kind: 'png', flate: { colour: 'gray' } }, 'pdf');
    const doc = await PDFDocument.load(pdf);
    const [ref, image] = doc.context.enumerateIndirectObjects().find(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))!;
    doc.context.assign(ref, PDFRawStream.of((image as PDFRawStream).dict, deflateSync(Buffer.alloc(page.width * (page.height - 10), 255))));
    const file = tempDir() + '/cut.pdf';
    fs.writeFileSync(file, await doc.save());
    await expect((await openScan(fs.readFileSync(file))).decodePage(0)).rejects.toMatchObject({ reason: 'corrupt', message: expect.stringMatching(new RegExp(`trang 1 .*${page.height - 10}/${page.height} dòng`)) });
  }, 60_000);
});
