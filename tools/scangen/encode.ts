import { deflateSync } from 'node:zlib';
import { concatTransformationMatrix, drawObject, PDFDocument, PDFHexString, popGraphicsState, pushGraphicsState } from '@cantoo/pdf-lib';
import sharp, { type Sharp } from 'sharp';
import type { GrayImage } from '../../src/image/grayImage.js';

/**
 * How a PDF says which of its G4 bits are ink: as most scanners write it, or with the data inverted and marked so by
 * /BlackIs1 true (as tiff2pdf writes a MinIsBlack TIFF) or by /Decode [1 0].
 */
export type G4Polarity = 'blackIs0' | 'blackIs1' | 'decodeInverted';

/**
 * How a PDF holds a lossless page (Flate): grey, RGB, bilevel at a threshold, or 16 greys of an /Indexed palette over
 * RGB (4 bits a pixel, as some scanners save a grey page), with a PNG predictor (as PNG data is copied into PDFs: each
 * row led by its filter byte) or plain rows.
 */
export type FlateStyle = ({ colour: 'gray' | 'rgb' | 'palette' } | { colour: 'bilevel'; threshold: number }) & { predictor?: 10 | 11 | 12 | 13 | 14 | 15 };

/** The greys of the 'palette' style, darkest first. */
export const PALETTE_GREYS = Array.from({ length: 16 }, (_, i) => i * 17);

/**
 * How a scanner stores each page: greyscale JPEG, lossless (a PNG file, Deflate in a TIFF, Flate in a PDF in the
 * given style), or bilevel CCITT G4 at a threshold (in a PDF with the given polarity).
 */
export type PageEncoding = { kind: 'jpeg'; quality: number } | { kind: 'png'; flate?: FlateStyle } | { kind: 'g4'; threshold: number; polarity?: G4Polarity };

/** The file a scanner writes: one page (JPEG, PNG) or many (PDF, multi-page TIFF). */
export type Container = 'pdf' | 'tiff' | 'jpeg' | 'png';

export interface ScanImage {
  image: GrayImage;
  pixelsPerPoint: number;
}

/**
 * Writes scanned pages as one file, the way scanners do: one image per page in a PDF (JPEG, G4 or Flate), G4, JPEG
 * or Deflate pages in a multi-page TIFF, or a single JPEG or PNG. All pages of a file share a resolution.
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
      return pdf(pages, encoding);
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

/** An image XObject as a PDF holds it: its encoded data and the entries of its dictionary besides size and type. */
interface PdfImageData {
  width: number;
  height: number;
  contents: Uint8Array;
  dict: Record<string, unknown>;
}

async function pdf(pages: ScanImage[], encoding: PageEncoding): Promise<Buffer> {
  // No creation date: the same pages make the same file.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const { pixelsPerPoint } = pages[0];
  for (const scan of pages) {
    const image = await pdfImage(scan.image, encoding, pixelsPerPoint * 72);
    const [width, height] = [image.width / pixelsPerPoint, image.height / pixelsPerPoint];
    const page = doc.addPage([width, height]);
    const stream = doc.context.stream(image.contents, { Type: 'XObject', Subtype: 'Image', Width: image.width, Height: image.height, ...image.dict });
    const name = page.node.newXObject('Scan', doc.context.register(stream));
    page.pushOperators(pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject(name), popGraphicsState());
  }
  return Buffer.from(await doc.save());
}

async function pdfImage(image: GrayImage, encoding: PageEncoding, dpi: number): Promise<PdfImageData> {
  if (encoding.kind === 'jpeg') {
    const contents = await raw(image).withDensity(dpi).jpeg({ quality: encoding.quality }).toBuffer();
    return { width: image.width, height: image.height, contents, dict: { ColorSpace: 'DeviceGray', BitsPerComponent: 8, Filter: 'DCTDecode' } };
  }
  if (encoding.kind === 'g4') return g4Image(image, encoding.threshold, encoding.polarity ?? 'blackIs0');
  return flateImage(image, encoding.flate ?? { colour: 'gray', predictor: 15 });
}

/**
 * sharp writes G4 only inside a MinIsBlack TIFF (bits of 0, the ink, coded as white runs), in strips or tiles that
 * cannot be joined; one tile over the whole page is one G4 stream. Tiles are multiples of 16 pixels, so the page is
 * widened with paper to the next multiple and the extra rows coded below it are left out by /Rows.
 */
async function g4Image(image: GrayImage, threshold: number, polarity: G4Polarity): Promise<PdfImageData> {
  const width = Math.ceil(image.width / 16) * 16;
  const tileHeight = Math.ceil(image.height / 16) * 16;
  // A sample of 255 becomes a 1 bit, coded as a black run: the ink when the PDF says black is 0, the paper otherwise.
  const inkIs1 = polarity === 'blackIs0';
  const [ink, paper] = inkIs1 ? [255, 0] : [0, 255];
  const bits = Buffer.alloc(width * tileHeight, paper);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) if (image.data[y * image.width + x] < threshold) bits[y * width + x] = ink;
  }
  const tiffFile = await sharp(bits, { raw: { width, height: tileHeight, channels: 1 } })
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, tile: true, tileWidth: width, tileHeight })
    .toBuffer();
  const decodeParms = { K: -1, Columns: width, Rows: image.height, BlackIs1: polarity === 'blackIs1' };
  const dict = { ColorSpace: 'DeviceGray', BitsPerComponent: 1, Filter: 'CCITTFaxDecode', DecodeParms: decodeParms, ...(polarity === 'decodeInverted' ? { Decode: [1, 0] } : {}) };
  return { width, height: image.height, contents: onlyTile(tiffFile), dict };
}

/** The data of the one tile of a TIFF file (its TileOffsets and TileByteCounts each hold one value, in place). */
function onlyTile(file: Buffer): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.length);
  const ifd = view.getUint32(4, true);
  const entry = (tag: number) => {
    for (let i = 0, n = view.getUint16(ifd, true); i < n; i++) if (view.getUint16(ifd + 2 + i * 12, true) === tag) return view.getUint32(ifd + 2 + i * 12 + 8, true);
    throw new Error(`the TIFF has no tag ${tag}`);
  };
  const offset = entry(324);
  return file.subarray(offset, offset + entry(325));
}

function flateImage(image: GrayImage, style: FlateStyle): PdfImageData {
  const { width, height, data } = image;
  const channels = style.colour === 'rgb' ? 3 : 1;
  const bitsPerComponent = style.colour === 'bilevel' ? 1 : style.colour === 'palette' ? 4 : 8;
  const rowBytes = Math.ceil((width * channels * bitsPerComponent) / 8);
  const rows = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const row = rows.subarray(y * rowBytes, (y + 1) * rowBytes);
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x];
      if (style.colour === 'bilevel') row[x >> 3] |= v >= style.threshold ? 0x80 >> (x & 7) : 0;
      else if (style.colour === 'palette') row[x >> 1] |= Math.round(v / 17) << (x & 1 ? 0 : 4);
      else row.fill(v, x * channels, (x + 1) * channels);
    }
  }
  const contents = deflateSync(style.predictor ? pngFiltered(rows, rowBytes, Math.max(1, (channels * bitsPerComponent) / 8)) : rows);
  const predictor = style.predictor ? { DecodeParms: { Predictor: style.predictor, Colors: channels, BitsPerComponent: bitsPerComponent, Columns: width } } : {};
  const palette = PDFHexString.of(Buffer.from(PALETTE_GREYS.flatMap((g) => [g, g, g])).toString('hex'));
  const colourSpace = style.colour === 'palette' ? ['Indexed', 'DeviceRGB', PALETTE_GREYS.length - 1, palette] : channels === 3 ? 'DeviceRGB' : 'DeviceGray';
  return { width, height, contents, dict: { ColorSpace: colourSpace, BitsPerComponent: bitsPerComponent, Filter: 'FlateDecode', ...predictor } };
}

/** Rows as PNG stores them: each led by its filter type, here taken in turn (None, Sub, Up, Average, Paeth) so every kind occurs. */
function pngFiltered(rows: Buffer, rowBytes: number, bytesPerPixel: number): Buffer {
  const height = rows.length / rowBytes;
  const out = Buffer.alloc(height * (rowBytes + 1));
  const none = Buffer.alloc(rowBytes);
  for (let y = 0; y < height; y++) {
    const type = y % 5;
    const row = rows.subarray(y * rowBytes, (y + 1) * rowBytes);
    const above = y > 0 ? rows.subarray((y - 1) * rowBytes, y * rowBytes) : none;
    const at = y * (rowBytes + 1);
    out[at] = type;
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
      const b = above[i];
      const c = i >= bytesPerPixel ? above[i - bytesPerPixel] : 0;
      const predicted = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : type === 3 ? (a + b) >> 1 : paeth(a, b, c);
      out[at + 1 + i] = (row[i] - predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
