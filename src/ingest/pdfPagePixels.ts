import { inflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFContext, type PDFObject, type PDFPage } from '@cantoo/pdf-lib';
import { ScanFileError } from './scanFileError.js';

/** What drawing a page would decode: its images and their pixels, counted before any of them is decoded. */
export interface PagePixels {
  images: number;
  pixels: number;
}

// A scanned page's content stream is a few hundred bytes; one that inflates past this is a bomb, not a page.
const MAX_CONTENT_BYTES = 16 * 1024 * 1024;

/**
 * Counts every image a renderer would decode for the page: the image XObjects its content draws (`Do`) with their soft
 * masks, those Form XObjects draw however nested, and inline images. Images in the resources but not drawn are not
 * counted (some producers share one dictionary of every page's images). An image drawn several times is counted once
 * (a renderer decodes it once); a form that draws itself is refused, as a renderer would never finish it.
 */
export function pagePixels(context: PDFContext, page: PDFPage, pageNumber: number): PagePixels {
  const total: PagePixels = { images: 0, pixels: 0 };
  const counted = new Set<PDFObject>();
  const lookup = (value: PDFObject | undefined) => (value instanceof PDFRef ? context.lookup(value) : value);

  const addImage = (width: number, height: number) => {
    total.images++;
    total.pixels += width * height;
  };
  const addImageStream = (stream: PDFRawStream) => addImage(dimension(lookup(stream.dict.get(PDFName.of('Width')))), dimension(lookup(stream.dict.get(PDFName.of('Height')))));

  /** Counts what content streams draw with the given resources: inline images, and the XObjects named by `Do`. */
  const countDrawing = (streams: PDFObject[], resources: PDFObject | undefined, drawing: Set<PDFObject>) => {
    const names = new Set<string>();
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const content = contentText(stream, pageNumber);
      for (const inline of inlineImages(content)) addImage(inline.width, inline.height);
      for (const match of content.matchAll(/\/([^\s/[\]<>(){}%]+)\s+Do\b/g)) names.add(match[1]);
    }
    const dict = lookup(resources);
    const xobjects = dict instanceof PDFDict ? lookup(dict.get(PDFName.of('XObject'))) : undefined;
    if (!(xobjects instanceof PDFDict)) return;
    for (const name of names) {
      const value = xobjects.get(PDFName.of(name));
      if (!value) continue;
      if (drawing.has(value)) throw new ScanFileError('scanPageFormLoop', { page: pageNumber });
      if (counted.has(value)) continue;
      counted.add(value);
      const stream = lookup(value);
      if (!(stream instanceof PDFRawStream)) continue;
      const subtype = stream.dict.get(PDFName.of('Subtype'));
      if (subtype === PDFName.of('Image')) {
        addImageStream(stream);
        const softMask = lookup(stream.dict.get(PDFName.of('SMask')));
        if (softMask instanceof PDFRawStream) addImageStream(softMask);
      } else if (subtype === PDFName.of('Form')) {
        // A form without resources of its own draws with those of the page (as PDF 1.1 allowed).
        countDrawing([stream], stream.dict.get(PDFName.of('Resources')) ?? resources, new Set(drawing).add(value));
      }
    }
  };

  const contents = lookup(page.node.get(PDFName.of('Contents')));
  countDrawing((contents instanceof PDFArray ? contents.asArray() : [contents]).map((part) => lookup(part)).filter((part) => part !== undefined), page.node.Resources(), new Set());
  return total;
}

function dimension(value: PDFObject | undefined): number {
  return value instanceof PDFNumber ? Math.max(0, value.asNumber()) : 0;
}

/** A content stream's operators, inflated with a ceiling so a compressed bomb in the page's own drawing is refused too. */
function contentText(stream: PDFRawStream, pageNumber: number): string {
  const bytes = contentBytes(stream, pageNumber);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

function contentBytes(stream: PDFRawStream, pageNumber: number): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (!filter) return stream.contents.subarray(0, MAX_CONTENT_BYTES);
  try {
    if (filter === PDFName.of('FlateDecode')) return inflateSync(stream.contents, { maxOutputLength: MAX_CONTENT_BYTES });
    const bytes = decodePDFRawStream(stream).decode();
    if (bytes.length > MAX_CONTENT_BYTES) throw new RangeError('content stream too large');
    return bytes;
  } catch (error) {
    if (error instanceof RangeError) throw new ScanFileError('scanPageContentTooLarge', { page: pageNumber });
    // A content stream that cannot be inflated holds no image a renderer could decode either.
    return new Uint8Array(0);
  }
}

/** Width and height of each inline image (BI … ID) of a content stream, in the short or the long key names. */
function inlineImages(text: string): { width: number; height: number }[] {
  const found: { width: number; height: number }[] = [];
  for (const match of text.matchAll(/(?:^|\s)BI\s([\s\S]*?)\sID\s/g)) {
    const entry = (names: string) => Number(new RegExp(`/(?:${names})\\s+(\\d+)`).exec(match[1])?.[1] ?? 0);
    found.push({ width: entry('W|Width'), height: entry('H|Height') });
  }
  return found;
}
