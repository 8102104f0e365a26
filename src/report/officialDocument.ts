import type { ReportTemplate } from '../store/reportTemplate.js';
import { ensureRoom, MARGIN } from './pdfDrawing.js';

type Doc = PDFKit.PDFDocument;

const INK = '#1a1a1a';
/** The left column holds the agency and the recipients; the right one the national heading, the date and the signer. */
const LEFT_SHARE = 0.42;

const columns = (doc: Doc) => {
  const width = doc.page.width - 2 * MARGIN;
  const left = width * LEFT_SHARE;
  return { width, left: { x: MARGIN, width: left }, right: { x: MARGIN + left, width: width - left } };
};

/** "Huế, ngày 05 tháng 02 năm 2026": Vietnam's date; a day below 10 and months 1 and 2 take a leading zero (Decree 30). */
export function placeAndDate(place: string, at: Date): string {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(at).split('-').map(Number);
  const dd = day < 10 ? `0${day}` : String(day);
  const mm = month <= 2 ? `0${month}` : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}

function centred(doc: Doc, text: string, column: { x: number; width: number }, y: number, font: string, size: number): number {
  doc.font(font).fontSize(size).fillColor(INK).text(text, column.x, y, { width: column.width, align: 'center' });
  return doc.y;
}

function underline(doc: Doc, column: { x: number; width: number }, y: number, length: number): void {
  const x = column.x + (column.width - length) / 2;
  doc.moveTo(x, y + 2).lineTo(x + length, y + 2).lineWidth(0.6).strokeColor(INK).stroke();
}

/**
 * The head of the first page, drawn in the decree's order: the national heading (right), the issuing agency under its
 * governing body (left), the number and symbol (left), place and date (right), then the kind and summary centred.
 */
export function documentHead(doc: Doc, template: ReportTemplate, printedAt: Date, scope: string): void {
  const c = columns(doc);
  const top = MARGIN;
  let right = centred(doc, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', c.right, top, 'bold', 10.5);
  right = centred(doc, 'Độc lập - Tự do - Hạnh phúc', c.right, right, 'bold', 11);
  doc.font('bold').fontSize(11);
  underline(doc, c.right, right, doc.widthOfString('Độc lập - Tự do - Hạnh phúc'));
  let left = template.parentAgency ? centred(doc, template.parentAgency.toUpperCase(), c.left, top, 'regular', 10.5) : top;
  left = centred(doc, template.agency.toUpperCase(), c.left, left, 'bold', 10.5);
  underline(doc, c.left, left, c.left.width / 3);
  left = centred(doc, `Số: ${template.number || '\u00a0'.repeat(10)}/${template.symbol}`, c.left, left + 6, 'regular', 10.5);
  doc.font('italic').fontSize(10.5).fillColor(INK).text(placeAndDate(template.place, printedAt), c.right.x, right + 8, { width: c.right.width, align: 'center' });
  const y = Math.max(left, doc.y) + 18;
  doc.font('bold').fontSize(14).text(template.title.toUpperCase(), MARGIN, y, { width: c.width, align: 'center' });
  doc.font('bold').fontSize(11).text(template.summary, MARGIN, doc.y + 2, { width: c.width, align: 'center' });
  doc.font('regular').fontSize(9).text(scope, MARGIN, doc.y + 2, { width: c.width, align: 'center' });
  doc.x = MARGIN;
}

/** The foot of the last page: who signs (right), with room for the signature and seal, then the recipients (left). */
export function documentFoot(doc: Doc, template: ReportTemplate): void {
  const c = columns(doc);
  const recipients = template.recipients.map((r, i) => `- ${r}${i === template.recipients.length - 1 ? '.' : ';'}`);
  doc.font('regular').fontSize(8.5);
  ensureRoom(doc, Math.max(130, 24 + doc.heightOfString(recipients.join('\n'), { width: c.left.width })));
  const top = doc.y + 16;
  let right = top;
  if (template.signer.authority) right = centred(doc, template.signer.authority.toUpperCase(), c.right, right, 'bold', 10.5);
  right = centred(doc, template.signer.position.toUpperCase(), c.right, right, 'bold', 10.5);
  right += 62;
  if (template.signer.name) right = centred(doc, template.signer.name, c.right, right, 'bold', 10.5);
  doc.font('bold').fontSize(10).fillColor(INK).text('Nơi nhận:', c.left.x, top, { width: c.left.width });
  doc.font('regular').fontSize(8.5);
  for (const line of recipients) doc.text(line, c.left.x, doc.y, { width: c.left.width });
  doc.x = MARGIN;
  doc.y = Math.max(doc.y, right);
}
