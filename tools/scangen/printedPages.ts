import { PassThrough } from 'node:stream';
import { openScan } from '../../src/ingest/decode.js';
import type { FormLayout } from '../../src/layout/types.js';
import { printForms, type FormCopy } from '../../src/print/printForms.js';
import { encodeQrPayload } from '../../src/qr/payload.js';
import type { GrayImage } from '../../src/image/grayImage.js';
import { stampQr } from './qrStamp.js';

/** The paper resolution pen work is drawn at: a printed page rendered at 300 dpi. */
export const PAPER_PIXELS_PER_POINT = 300 / 72;

/** One printed page to fill in: which copy, and which of its pages. */
export interface CopyPage {
  layout: FormLayout;
  copy: FormCopy;
  page: number;
  /** The installation secret that signed the copy's QR (another installation's for a foreign form). */
  secret: Buffer;
}

/**
 * Printed pages from our own PDFs. `render` prints every copy with printForms and renders it, so the page is exactly
 * what the printer got; `stamp` renders each survey page once and paints each copy's QR into it — what a batch of
 * thousands needs, at the cost of the printed serial line and register values showing the first copy's.
 */
export class PrintedPages {
  private rendered = new Map<string, GrayImage[]>();

  constructor(private readonly mode: 'render' | 'stamp') {}

  /** A fresh image of the page, free for pen work. */
  async page(request: CopyPage): Promise<GrayImage> {
    if (this.mode === 'render') {
      const key = `${request.layout.hash}/${request.copy.serial}/${request.secret.toString('hex')}`;
      // Pages of one copy are asked for together; a copy's later photocopy renders it again.
      if (!this.rendered.has(key)) {
        this.rendered.clear();
        this.rendered.set(key, await renderCopy(request));
      }
      return clone(this.rendered.get(key)![request.page - 1]);
    }
    const key = request.layout.hash;
    if (!this.rendered.has(key)) this.rendered.set(key, await renderCopy(request));
    const image = clone(this.rendered.get(key)![request.page - 1]);
    const payload = encodeQrPayload(
      { surveyId: request.layout.surveyId, layoutHash: request.layout.hash, serial: request.copy.serial, page: request.page, pageCount: request.layout.pages.length },
      request.secret,
    );
    stampQr(image, request.layout.pages[request.page - 1].qr, payload, PAPER_PIXELS_PER_POINT);
    return image;
  }
}

async function renderCopy({ layout, copy, secret }: CopyPage): Promise<GrayImage[]> {
  const chunks: Buffer[] = [];
  await printForms(layout, [copy], new PassThrough().on('data', (c: Buffer) => chunks.push(c)), { secret });
  const scan = await openScan(Buffer.concat(chunks));
  const pages: GrayImage[] = [];
  for (let i = 0; i < scan.pageCount; i++) {
    const { image, pixelsPerPoint } = await scan.decodePage(i);
    if (pixelsPerPoint !== PAPER_PIXELS_PER_POINT) throw new Error(`the printed page rendered at ${(pixelsPerPoint ?? 0) * 72} dpi, not 300`);
    pages.push(image);
  }
  return pages;
}

const clone = (image: GrayImage): GrayImage => ({ data: new Uint8Array(image.data), width: image.width, height: image.height });
