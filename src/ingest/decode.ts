import sharp, { type Sharp } from 'sharp';
import { PDFArray, PDFBool, PDFDocument, PDFName, PDFDict, PDFNumber, PDFRawStream, PDFRef, type PDFPage } from '@cantoo/pdf-lib';
import { PhieuError } from '../errors/errorTable.js';
import type { GrayImage } from '../image/grayImage.js';
import { flateGray, luma, type FlateLayout } from './flateGray.js';
import { directImage, type DirectFilter, type PdfImage } from './pdfImageFile.js';
import { pagePixels } from './pdfPagePixels.js';
import { ScanFileError } from './scanFileError.js';

export type ScanFormat = 'pdf' | 'tiff' | 'jpeg' | 'png';

export interface DecodeLimits {
  /** Pixels of one page image; a decompression bomb is refused before it is decoded. */
  maxPixels: number;
}

export const DEFAULT_LIMITS: DecodeLimits = { maxPixels: 60_000_000 };

/** Whatever went wrong with one file stays with that file: the batch goes on and the reason is kept, in words. */
export function scanFileProblem(error: Error): string {
  return error instanceof ScanFileError ? error.message : `không mở được tệp (${error.message.slice(0, 200)})`;
}

export interface DecodedPage {
  image: GrayImage;
  /** Pixels per PDF point when the file states its resolution. */
  pixelsPerPoint?: number;
  /** How the page was decoded: an image file, a PDF page's one image taken directly, or a PDF page drawn whole. */
  via: 'imageFile' | DirectFilter | 'pdfRender';
}

/** How the scanner was set, as the file's first page shows it: bilevel (one bit a pixel) or not, and its resolution. */
export interface ScannerSetting {
  bilevel: boolean;
  dpi?: number;
}

export function detectFormat(bytes: Uint8Array): ScanFormat {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head[0] === 0xff && head[1] === 0xd8) return 'jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  const tiff = head.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return 'tiff';
  throw new ScanFileError('scanUnsupported', {});
}

/** Where the bytes of an open scan file are read again: part of them, or all. */
export interface ScanFileSource {
  read(offset: number, length: number): Uint8Array;
  readAll(): Uint8Array;
}

/**
 * Opens a scan file once; pages are then decoded one at a time so a 500-page batch never sits in memory. Given the
 * file as a `source`, an open PDF keeps none of its bytes: a page's image is read from the file when the page is.
 */
export async function openScan(
  bytes: Uint8Array,
  limits: DecodeLimits = DEFAULT_LIMITS,
  source?: ScanFileSource,
): Promise<{ format: ScanFormat; pageCount: number; setting: ScannerSetting; decodePage(index: number): Promise<DecodedPage> }> {
  const format = detectFormat(bytes);
  if (format === 'pdf') return openPdf(bytes, limits, source ?? inMemory(bytes));
  const meta = await sharp(bytes, { limitInputPixels: false }).metadata().catch((error: Error) => {
    throw new ScanFileError('scanImageBroken', { format: format.toUpperCase(), reason: error.message });
  });
  const pageCount = format === 'tiff' ? (meta.pages ?? 1) : 1;
  return {
    format,
    pageCount,
    setting: { bilevel: meta.bitsPerSample === 1, dpi: meta.density },
    decodePage: async (index) => {
      const options = format === 'tiff' ? { page: index } : {};
      const header = index === 0 ? meta : await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
      checkPixels(header.width, header.height, limits, index);
      const density = header.density && header.density >= 72 && header.density <= 1200 ? header.density / 72 : undefined;
      return { image: await toGray(sharp(bytes, { ...options, limitInputPixels: limits.maxPixels, failOn: 'error' }), index), pixelsPerPoint: density, via: 'imageFile' };
    },
  };
}

function checkPixels(width: number | undefined, height: number | undefined, limits: DecodeLimits, index: number): void {
  if (!width || !height) throw new ScanFileError('scanPageNoSize', { page: index + 1 });
  if (width * height > limits.maxPixels) {
    throw new ScanFileError('scanPageTooLarge', { page: index + 1, width, height, maxPixels: limits.maxPixels });
  }
}

async function toGray(image: Sharp, index: number): Promise<GrayImage> {
  try {
    // 'b-w' before raw: sharp otherwise returns three channels even for greyscale input (DEPENDENCY-NOTES).
    const { data, info } = await image.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`expected one channel, got ${info.channels}`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof ScanFileError) throw error;
    throw new ScanFileError('scanPageUndecodable', { page: index + 1, reason: (error as Error).message });
  }
}

async function flatePage(data: Uint8Array, layout: FlateLayout, index: number): Promise<GrayImage> {
  try {
    return await flateGray(data, layout);
  } catch (error) {
    throw new ScanFileError('scanPageUndecodable', { page: index + 1, reason: (error as Error).message });
  }
}

const inMemory = (bytes: Uint8Array): ScanFileSource => ({ read: (offset, length) => bytes.subarray(offset, offset + length), readAll: () => bytes });

// Streams this large (page images) are read again from the file when their page is decoded.
const LARGE_STREAM_BYTES = 256 * 1024;

/**
 * The parser hands out each stream as a view into the file's bytes, so one kept stream keeps the whole file (a
 * 10-page lossless PDF is 15–40 MB, held by each page worker). Small streams get bytes of their own; large ones are
 * emptied, and where they lie in the file is returned.
 */
function letGoOfFile(doc: PDFDocument, bytes: Uint8Array): Map<PDFRawStream, { offset: number; length: number }> {
  const onDisk = new Map<PDFRawStream, { offset: number; length: number }>();
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.contents.buffer !== bytes.buffer) continue;
    const { contents } = object;
    if (contents.length < LARGE_STREAM_BYTES) {
      doc.context.assign(ref, PDFRawStream.of(object.dict, new Uint8Array(contents)));
      continue;
    }
    const emptied = PDFRawStream.of(object.dict, new Uint8Array(0));
    doc.context.assign(ref, emptied);
    onDisk.set(emptied, { offset: contents.byteOffset - bytes.byteOffset, length: contents.length });
  }
  return onDisk;
}

// No function made here may use `bytes`: it would keep the whole file for as long as the PDF is open.
async function openPdf(bytes: Uint8Array, limits: DecodeLimits, source: ScanFileSource) {
  let doc: PDFDocument;
  let pages: PDFPage[];
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false });
    // A broken page tree only shows when the pages are listed; it is the file's fault as much as a bad header.
    pages = doc.getPages();
  } catch (error) {
    const message = (error as Error).message;
    if (/encrypted/i.test(message)) throw new ScanFileError('scanPdfEncrypted', {});
    throw new ScanFileError('scanPdfBroken', { reason: message.slice(0, 120) });
  }
  if (pages.length === 0) throw new ScanFileError('scanPdfEmpty', {});
  const missing = pages.findIndex((page) => pointsAtMissingContent(doc, page));
  if (missing >= 0) throw new ScanFileError('scanPdfTruncated', { page: missing + 1 });
  const onDisk = letGoOfFile(doc, bytes);
  /** The image with its data, read from the file when it was left there. */
  const withData = (image: PdfImage): PdfImage => {
    const at = onDisk.get(image.stream);
    return at ? { ...image, stream: PDFRawStream.of(image.stream.dict, source.read(at.offset, at.length)) } : image;
  };
  const first = singleImage(doc, pages[0]);
  return {
    format: 'pdf' as const,
    pageCount: pages.length,
    setting: { bilevel: first ? number(first.stream.dict.get(PDFName.of('BitsPerComponent'))) === 1 || first.stream.dict.get(PDFName.of('ImageMask')) === PDFBool.True : false, dpi: first ? (first.width / pages[0].getWidth()) * 72 : undefined },
    decodePage: async (index: number): Promise<DecodedPage> => {
      const page = pages[index];
      const single = singleImage(doc, page);
      // A page of one image is refused naming its size; any other, naming all its images together.
      if (single) checkPixels(single.width, single.height, limits, index);
      checkPagePixels(doc, page, limits, index);
      if (single) {
        const pixelsPerPoint = single.width / page.getWidth();
        const direct = directImage(doc.context, withData(single));
        if (direct?.filter === 'FlateDecode') return { image: await flatePage(direct.data, direct.layout, index), pixelsPerPoint, via: direct.filter };
        if (direct) {
          const decoder = sharp(direct.file, { limitInputPixels: limits.maxPixels, failOn: 'error' });
          return { image: await toGray(direct.negate ? decoder.negate() : decoder, index), pixelsPerPoint, via: direct.filter };
        }
      }
      return renderPdfPage(source.readAll(), index, limits);
    },
  };
}

/**
 * Whether the page names content (its drawing, resources or images) that the file does not hold. A lenient parser
 * rebuilds the page tree of a file cut off half-way from the objects that survived, so the pages are listed while
 * their images are gone.
 */
function pointsAtMissingContent(doc: PDFDocument, page: PDFPage): boolean {
  const absent = (value: unknown) => value instanceof PDFRef && doc.context.lookup(value) === undefined;
  const contents = page.node.get(PDFName.of('Contents'));
  const resources = page.node.getInheritableAttribute(PDFName.of('Resources'));
  const xobjects = page.node.Resources()?.get(PDFName.of('XObject'));
  const images = doc.context.lookup(xobjects);
  return (
    absent(contents) ||
    (contents instanceof PDFArray && contents.asArray().some(absent)) ||
    absent(resources) ||
    absent(xobjects) ||
    (images instanceof PDFDict && images.values().some(absent))
  );
}

/**
 * Refuses a page whose images together exceed the pixel limit, before any is decoded: several large images, images
 * inside Form XObjects or inline images would each pass a check of one image and still decode to gigabytes.
 */
function checkPagePixels(doc: PDFDocument, page: PDFPage, limits: DecodeLimits, index: number): void {
  const counted = pagePixels(doc.context, page, index + 1);
  if (counted.pixels > limits.maxPixels) {
    throw new ScanFileError('scanPagePixelsTooMany', { page: index + 1, images: counted.images, pixels: counted.pixels, maxPixels: limits.maxPixels });
  }
}

/** The page's image when the page is nothing but one image (what scanners write), else undefined. */
function singleImage(doc: PDFDocument, page: PDFPage): PdfImage | undefined {
  const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const entries = xobjects?.entries() ?? [];
  if (entries.length !== 1) return undefined;
  const stream = doc.context.lookup(entries[0][1] as PDFRef);
  if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) return undefined;
  const width = number(stream.dict.get(PDFName.of('Width')));
  const height = number(stream.dict.get(PDFName.of('Height')));
  return width && height ? { stream, width, height } : undefined;
}

function number(value: unknown): number | undefined {
  return value instanceof PDFNumber ? value.asNumber() : undefined;
}

/** Renders a page that is not one plain image (JBIG2, masks, palettes, vector content) with pdfjs at up to 300 dpi. */
async function renderPdfPage(bytes: Uint8Array, index: number, limits: DecodeLimits): Promise<DecodedPage> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, verbosity: 0, maxImageSize: limits.maxPixels }).promise;
  try {
    const page = await doc.getPage(index + 1);
    const base = page.getViewport({ scale: 1 });
    const scale = Math.min(300 / 72, Math.sqrt(limits.maxPixels / (base.width * base.height)));
    const viewport = page.getViewport({ scale });
    const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: { width: number; height: number }; context: CanvasRenderingContext2D } } }).canvasFactory;
    const { canvas, context } = factory.create(Math.round(viewport.width), Math.round(viewport.height));
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context, viewport }).promise;
    const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const data = new Uint8Array(canvas.width * canvas.height);
    for (let i = 0, j = 0; i < data.length; i++, j += 4) data[i] = luma(rgba[j], rgba[j + 1], rgba[j + 2]);
    return { image: { data, width: canvas.width, height: canvas.height }, pixelsPerPoint: scale, via: 'pdfRender' };
  } catch (error) {
    throw new ScanFileError('scanPdfPageNotDrawn', { page: index + 1, reason: (error as Error).message });
  } finally {
    await doc.destroy();
  }
}
