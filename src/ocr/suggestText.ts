import sharp from 'sharp';
import { HANDWRITING_SETTINGS, type HandwritingSettings } from '../handwriting/settings.js';
import { imageOnlyRead, textSuggestion, UNREAD_TEXT_ZONE, type KnownListName } from '../handwriting/textSuggestion.js';
import type { QrPayload } from '../qr/payload.js';
import { crop, paperLevel, type GrayImage } from '../image/grayImage.js';
import type { FieldRead, PageRead, TextZoneForOcr } from '../recognize/readPage.js';
import type { OcrLayout } from './ocrEngine.js';
import type { OcrOutcome } from './ocrSession.js';

export interface TextOcr {
  read(png: Buffer, layout: OcrLayout): Promise<OcrOutcome>;
  /** The known list a field's answer should come from, for the form the page belongs to. */
  knownList?: (list: KnownListName, qr: QrPayload) => readonly string[];
  settings?: HandwritingSettings['text'];
}

/**
 * Puts OCR suggestions into the written text zones of a read page, one zone after another (a page worker has one
 * OCR engine). A zone whose OCR fails or times out keeps no suggestion and still goes to a person with its clip; a
 * zone kept as an image only keeps the suggestion as text to search by, and goes to nobody.
 */
export async function suggestText(read: Extract<PageRead, { kind: 'read' }>, zones: TextZoneForOcr[], ocr: TextOcr): Promise<Extract<PageRead, { kind: 'read' }>> {
  const settings = ocr.settings ?? HANDWRITING_SETTINGS.text;
  const suggested = new Map<string, FieldRead>();
  for (const zone of zones) {
    const outcome = await ocr.read(await ocrInput(zone.image), zone.lines === 1 ? 'line' : 'block');
    const list = zone.list && ocr.knownList ? { name: zone.list, entries: ocr.knownList(zone.list, read.qr) } : undefined;
    const field = outcome.ok ? textSuggestion(outcome, list?.entries.length ? list : undefined, settings) : UNREAD_TEXT_ZONE;
    suggested.set(zone.questionId, { questionId: zone.questionId, kind: 'text', ...(zone.imageOnly ? imageOnlyRead(field) : field) });
  }
  return { ...read, fields: read.fields.map((f) => suggested.get(f.questionId) ?? f) };
}

/**
 * What OCR is given for a zone: the part that holds writing, with a margin of paper (less to look at, the same text),
 * as black on white — clean edges read better than the grey of a scan (measured on printed lines: bench/handwriting).
 */
export async function ocrInput(image: GrayImage): Promise<Buffer> {
  const ink = paperLevel(image) * 0.62;
  let x0 = image.width;
  let y0 = image.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[y * image.width + x] < ink) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  const margin = 24;
  const area = x1 < 0 ? image : crop(image, x0 - margin, y0 - margin, x1 - x0 + 1 + 2 * margin, y1 - y0 + 1 + 2 * margin);
  const binary = area.data.map((v) => (v < ink ? 0 : 255));
  return sharp(binary, { raw: { width: area.width, height: area.height, channels: 1 } }).png({ compressionLevel: 1 }).toBuffer();
}
