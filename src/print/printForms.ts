import { once } from 'node:events';
import type { Writable } from 'node:stream';
import QRCode from 'qrcode';
import { GEOMETRY } from '../layout/pageGeometry.js';
import type { FormLayout, PageLayout, PrintItem, Slot } from '../layout/types.js';
import { encodeQrPayload, formatSerial } from '../qr/payload.js';
import type { RespondentField } from '../survey/schema.js';
import { pdfkit } from '../runtime/lazyPackages.js';
import { registerFonts } from '../layout/fonts.js';

/** One printed copy: its serial and, on a personalised copy, the register values printed on it. */
export interface FormCopy {
  serial: number;
  values: Partial<Record<RespondentField, string>>;
  /** Which reprint of the serial this copy is, printed beside it; absent on the first print. */
  reprint?: number;
}

export interface PrintOptions {
  secret: Buffer;
  /** Called after each copy with the number of copies done. */
  onProgress?: (done: number) => void;
  title?: string;
}

/**
 * Streams copies of a form into a PDF. Pages are written out as they are finished, and the loop waits for the
 * output to drain, so a 10,000-copy run stays in bounded memory.
 */
export async function printForms(
  layout: FormLayout,
  copies: Iterable<FormCopy> | AsyncIterable<FormCopy>,
  out: Writable,
  options: PrintOptions,
): Promise<void> {
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({ autoFirstPage: false, size: 'A4', margin: 0, info: { Title: options.title ?? layout.surveyId, Creator: 'phieu' } });
  registerFonts(doc);
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    // The reader went away (a browser tab closed mid-download): stop rather than wait for a drain that never comes.
    out.on('close', () => reject(new Error('Bản in bị dừng: nơi nhận đã đóng trước khi in xong.')));
    doc.on('error', reject);
  });
  finished.catch(() => {});
  doc.pipe(out);
  let done = 0;
  for await (const copy of copies) {
    for (const page of layout.pages) drawPage(doc, layout, page, copy, options.secret);
    done++;
    options.onProgress?.(done);
    if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), finished]);
    // Each copy gives way: a server printing hundreds keeps answering, among others the page polling this run's progress.
    else await new Promise((resolve) => setImmediate(resolve));
  }
  doc.end();
  await finished;
}

function drawPage(doc: PDFKit.PDFDocument, layout: FormLayout, page: PageLayout, copy: FormCopy, secret: Buffer): void {
  doc.addPage({ size: [layout.pageSize.width, layout.pageSize.height], margin: 0 });
  for (const mark of page.marks) doc.rect(mark.x, mark.y, mark.w, mark.h).fill('#000');
  for (const item of page.items) drawItem(doc, item);
  for (const slot of layout.slots.filter((s) => s.page === page.number)) drawSlot(doc, slot, slotText(slot, copy, page, layout));
  const payload = encodeQrPayload(
    { surveyId: layout.surveyId, layoutHash: layout.hash, serial: copy.serial, page: page.number, pageCount: layout.pages.length },
    secret,
  );
  drawQr(doc, payload, page.qr);
}

function drawItem(doc: PDFKit.PDFDocument, item: PrintItem): void {
  switch (item.type) {
    case 'text':
      doc.font(item.font).fontSize(item.size).fillColor('#000').text(item.text, item.x, item.y, { lineBreak: false });
      break;
    case 'checkbox':
    case 'digitCell':
      doc.lineWidth(item.type === 'checkbox' ? 0.9 : 0.7).rect(item.rect.x, item.rect.y, item.rect.w, item.rect.h).stroke('#000');
      break;
    case 'writingLine':
      doc.lineWidth(0.5).dash(1, { space: 2 }).moveTo(item.x1, item.y).lineTo(item.x2, item.y).stroke('#666').undash();
      break;
    case 'rule':
      doc.lineWidth(item.grey ? 0.4 : 0.7).moveTo(item.x1, item.y).lineTo(item.x2, item.y).stroke(item.grey ? '#bbb' : '#000');
      break;
  }
}

function slotText(slot: Slot, copy: FormCopy, page: PageLayout, layout: FormLayout): string {
  if (slot.name === 'serial') return `Phiếu số ${formatSerial(copy.serial)} · Trang ${page.number}/${layout.pages.length}${copy.reprint ? ` · In lại lần ${copy.reprint}` : ''}`;
  return copy.values[slot.name] ?? '';
}

function drawSlot(doc: PDFKit.PDFDocument, slot: Slot, text: string): void {
  const { rect } = slot;
  if (!text) {
    // A blank copy: a dotted line where a personalised copy prints the value.
    if (slot.name !== 'office') doc.lineWidth(0.5).dash(1, { space: 2 }).moveTo(rect.x, rect.y + rect.h).lineTo(rect.x + rect.w, rect.y + rect.h).stroke('#666').undash();
    return;
  }
  doc.font(slot.font).fontSize(slot.size).fillColor('#000').text(text, rect.x, rect.y, { width: rect.w, height: rect.h, align: slot.align, ellipsis: true });
}

/** Draws the QR as vector squares filling the rect, quiet zone included, so it prints sharp at any resolution. */
function drawQr(doc: PDFKit.PDFDocument, payload: string, rect: { x: number; y: number; w: number }): void {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = GEOMETRY.qrQuietModules;
  const module = rect.w / (size + 2 * quiet);
  // One rectangle per horizontal run of dark modules: fewer path operations and no seams between squares.
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; ) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && qr.modules.get(row, col)) col++;
      doc.rect(rect.x + (start + quiet) * module, rect.y + (row + quiet) * module, (col - start) * module, module);
    }
  }
  doc.fill('#000');
}
