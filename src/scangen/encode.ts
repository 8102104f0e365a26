import { PDFDocument } from 'pdf-lib';
import sharp, { type Sharp } from 'sharp';
import type { GrayImage } from '../recognize/image.js';

/** How a scanner stores each page: greyscale JPEG, lossless greyscale, or bilevel CCITT G4 at a threshold. */
export type PageEncoding = { kind: 'jpeg'; quality: number } | { kind: 'png' } | { kind: 'g4'; threshold: number };

/** The file a scanner writes: one page (JPEG, PNG) or many (PDF, multi-page TIFF). */
export type Container = 'pdf' | 'tiff' | 'jpeg' | 'png';

export interface ScanImage {
  image: GrayImage;
  pixelsPerPoint: number;
}

/**
 * Writes scanned pages as one file, the way scanners do: JPEG pages in a PDF (one image per page, as scanners embed
 * them), G4, JPEG or Deflate pages in a multi-page TIFF, or a single JPEG or PNG. All pages of a file share a
 * resolution. G4 inside a PDF is not made: sharp writes G4 in strips, and strips cannot be joined into one stream.
 */
export async function packScanFile(pages: ScanImage[], encoding: PageEncoding, container: Container): Promise<Buffer> {
  if (pages.length === 0) throw new Error('a scan file needs at least one page');
  const dpi = pages[0].pixelsPerPoint * 72;
  if (pages.some((p) => p.image.width !== pages[0].image.width || p.image.height !== pages[0].image.height)) throw new Error('the pages of one scan file must share a size');
  switch (container) {
    case 'jpeg':
    case 'png':
      if (pages.length !== 1) throw new Error(`a ${container.toUpperCase()} file holds one page`);
      if (encoding.kind !== container) throw new Error(`a ${container.toUpperCase()} file cannot hold ${encoding.kind} data`);
      return single(pages[0], encoding, dpi);
    case 'pdf':
      if (encoding.kind === 'g4') throw new Error('G4 pages are written as TIFF, not PDF');
      return pdf(await Promise.all(pages.map((p) => single(p, encoding, dpi))), encoding.kind, pages[0]);
    case 'tiff':
      return tiff(pages, encoding, dpi);
  }
}

const raw = (image: GrayImage): Sharp => sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });

async function single({ image }: ScanImage, encoding: PageEncoding, dpi: number): Promise<Buffer> {
  const page = raw(image).withDensity(dpi);
  if (encoding.kind === 'jpeg') return page.jpeg({ quality: encoding.quality }).toBuffer();
  if (encoding.kind === 'png') return page.png({ compressionLevel: 6 }).toBuffer();
  return bilevelTiff(page, encoding.threshold, dpi);
}

const bilevelTiff = (page: Sharp, threshold: number, dpi: number) =>
  page.threshold(threshold).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1, xres: dpi / 25.4, yres: dpi / 25.4 }).toBuffer();

async function tiff(pages: ScanImage[], encoding: PageEncoding, dpi: number): Promise<Buffer> {
  // sharp joins pages given as encoded images into one multi-page image; PNG keeps them exact on the way.
  const joined =
    pages.length === 1
      ? raw(pages[0].image)
      : sharp(await Promise.all(pages.map((p) => raw(p.image).png({ compressionLevel: 1 }).toBuffer())), { join: { animated: true } }).toColourspace('b-w');
  const resolution = { xres: dpi / 25.4, yres: dpi / 25.4 };
  if (encoding.kind === 'g4') return bilevelTiff(joined, encoding.threshold, dpi);
  if (encoding.kind === 'jpeg') return joined.tiff({ compression: 'jpeg', quality: encoding.quality, ...resolution }).toBuffer();
  return joined.tiff({ compression: 'deflate', ...resolution }).toBuffer();
}

async function pdf(files: Buffer[], kind: 'jpeg' | 'png', first: ScanImage): Promise<Buffer> {
  // No creation date: the same pages make the same file.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const width = first.image.width / first.pixelsPerPoint;
  const height = first.image.height / first.pixelsPerPoint;
  for (const file of files) {
    const image = kind === 'jpeg' ? await doc.embedJpg(file) : await doc.embedPng(file);
    doc.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  return Buffer.from(await doc.save());
}
