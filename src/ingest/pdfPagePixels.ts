import { inflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFContext, type PDFObject, type PDFPage } from '@cantoo/pdf-lib';

/** What drawing a page would decode: its images and their pixels, counted before any of them is decoded. */
export interface PagePixels {
  images: number;
  pixels: number;
}

/** Why a page's images cannot even be counted: a Form XObject drawing itself, or a content stream past any page's size. */
export class PagePixelsError extends Error {
  constructor(readonly kind: 'loop' | 'contentTooLarge') {
    super(kind);
  }
}

// A scanned page's content stream is a few hundred bytes; one that inflates past this is a bomb, not a page.
const MAX_CONTENT_BYTES = 16 * 1024 * 1024;

/**
 * Counts every image a renderer would decode for the page: image XObjects with their soft masks, those inside Form
 * XObjects however nested, and inline images in the content streams. An image shared by several forms is counted
 * once (a renderer decodes it once); a form that contains itself is refused, as a renderer would never finish it.
 */
export function pagePixels(context: PDFContext, page: PDFPage): PagePixels {
  const total: PagePixels = { images: 0, pixels: 0 };
  const counted = new Set<PDFObject>();
  const lookup = (value: PDFObject | undefined) => (value instanceof PDFRef ? context.lookup(value) : value);

  const addImage = (width: number, height: number) => {
    total.images++;
    total.pixels += width * height;
  };
  const addImageStream = (stream: PDFRawStream) => addImage(dimension(lookup(stream.dict.get(PDFName.of('Width')))), dimension(lookup(stream.dict.get(PDFName.of('Height')))));

  const countContent = (stream: PDFObject | undefined) => {
    if (!(stream instanceof PDFRawStream)) return;
    for (const inline of inlineImageDicts(contentBytes(stream))) addImage(inline.width, inline.height);
  };

  const countResources = (resources: PDFObject | undefined, drawing: Set<PDFObject>) => {
    const dict = lookup(resources);
    const xobjects = dict instanceof PDFDict ? lookup(dict.get(PDFName.of('XObject'))) : undefined;
    if (!(xobjects instanceof PDFDict)) return;
    for (const [, value] of xobjects.entries()) {
      if (drawing.has(value)) throw new PagePixelsError('loop');
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
        countContent(stream);
        countResources(stream.dict.get(PDFName.of('Resources')), new Set(drawing).add(value));
      }
    }
  };

  const contents = lookup(page.node.get(PDFName.of('Contents')));
  for (const part of contents instanceof PDFArray ? contents.asArray() : [contents]) countContent(lookup(part));
  countResources(page.node.Resources(), new Set());
  return total;
}

function dimension(value: PDFObject | undefined): number {
  return value instanceof PDFNumber ? Math.max(0, value.asNumber()) : 0;
}

/** A content stream's operators, inflated with a ceiling so a compressed bomb in the page's own drawing is refused too. */
function contentBytes(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (!filter) return stream.contents.subarray(0, MAX_CONTENT_BYTES);
  try {
    if (filter === PDFName.of('FlateDecode')) return inflateSync(stream.contents, { maxOutputLength: MAX_CONTENT_BYTES });
    const bytes = decodePDFRawStream(stream).decode();
    if (bytes.length > MAX_CONTENT_BYTES) throw new RangeError('content stream too large');
    return bytes;
  } catch (error) {
    if (error instanceof RangeError) throw new PagePixelsError('contentTooLarge');
    // A content stream that cannot be inflated holds no image a renderer could decode either.
    return new Uint8Array(0);
  }
}

/** Width and height of each inline image (BI … ID) of a content stream, in the short or the long key names. */
function inlineImageDicts(content: Uint8Array): { width: number; height: number }[] {
  const text = Buffer.from(content.buffer, content.byteOffset, content.length).toString('latin1');
  const found: { width: number; height: number }[] = [];
  for (const match of text.matchAll(/(?:^|\s)BI\s([\s\S]*?)\sID\s/g)) {
    const entry = (names: string) => Number(new RegExp(`/(?:${names})\\s+(\\d+)`).exec(match[1])?.[1] ?? 0);
    found.push({ width: entry('W|Width'), height: entry('H|Height') });
  }
  return found;
}
