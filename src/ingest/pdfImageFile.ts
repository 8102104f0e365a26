import { decodePDFRawStream, PDFArray, PDFBool, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFContext } from '@cantoo/pdf-lib';
import { luma, type FlateLayout } from './flateGray.js';

/** An image of a PDF page, with its size in pixels. */
export interface PdfImage {
  stream: PDFRawStream;
  width: number;
  height: number;
}

/** The PDF filter of an image that is decoded directly, without drawing its page. */
export type DirectFilter = 'DCTDecode' | 'CCITTFaxDecode' | 'FlateDecode';

/**
 * An image decoded without drawing its page: a JPEG or CCITT image as a file sharp reads, with whether its shades are
 * to be inverted to show as the PDF means them; Flate data with the layout of its rows (see flateGray).
 */
export type DirectImage = { filter: 'DCTDecode' | 'CCITTFaxDecode'; file: Uint8Array; negate: boolean } | { filter: 'FlateDecode'; data: Uint8Array; layout: FlateLayout };

/**
 * The image as sharp (libjpeg, libtiff) decodes it natively instead of a slow full-page render: a JPEG as it is, CCITT
 * data in a TIFF; or Flate data as flateGray reads it. Undefined when only a renderer can draw it right (masks, other
 * colour spaces or filters, unusual row layouts).
 */
export function directImage(context: PDFContext, image: PdfImage): DirectImage | undefined {
  const dict = image.stream.dict;
  const get = (from: PDFDict | undefined, key: string) => {
    const value = from?.get(PDFName.of(key));
    return value instanceof PDFRef ? context.lookup(value) : value;
  };
  const filter = get(dict, 'Filter');
  const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  // An /ImageMask paints its 0 samples in the fill colour (black on a scanned page) and leaves the rest white: the same
  // as a grey image, so it stays. A /Mask or /SMask lets the page show through: only a renderer composes that.
  if (filters.length !== 1 || ['Mask', 'SMask'].some((key) => dict.has(PDFName.of(key)))) return undefined;
  const parmsValue = get(dict, 'DecodeParms');
  const parms = parmsValue instanceof PDFArray ? context.lookup(parmsValue.get(0)) : parmsValue;
  const parm = (key: string) => number(get(parms instanceof PDFDict ? parms : undefined, key));
  const inverted = decodeInverted(get(dict, 'Decode'));
  if (inverted === undefined) return undefined;

  if (filters[0] === PDFName.of('DCTDecode')) {
    // An inverted colour JPEG is most often Adobe CMYK, which libjpeg already inverts: left to the renderer.
    if (inverted && colourComponents(context, get(dict, 'ColorSpace')) !== 1) return undefined;
    return { file: image.stream.contents, filter: 'DCTDecode', negate: inverted };
  }
  if (filters[0] === PDFName.of('CCITTFaxDecode')) {
    const k = parm('K') ?? 0;
    if (k > 0) return undefined; // mixed 2-D G3: rare; the renderer handles it
    const blackIs1Value = get(parms instanceof PDFDict ? parms : undefined, 'BlackIs1');
    const blackIs1 = blackIs1Value instanceof PDFBool && blackIs1Value.asBoolean();
    // Coded black runs show black (WhiteIsZero) unless /BlackIs1 true or /Decode [1 0] turns them to white; both
    // together turn them back.
    const file = oneStripTiff(image.stream.contents, {
      width: parm('Columns') ?? image.width,
      height: image.height,
      compression: k < 0 ? 4 : 3,
      photometric: 0,
      bitsPerSample: 1,
      samplesPerPixel: 1,
      extra: [[k < 0 ? 293 : 292, 0]],
    });
    return { file, filter: 'CCITTFaxDecode', negate: blackIs1 !== inverted };
  }
  if (filters[0] === PDFName.of('FlateDecode')) {
    const space = get(dict, 'ColorSpace');
    const palette = indexedGreys(context, space);
    const samplesPerPixel = palette ? 1 : colourComponents(context, space);
    const bitsPerSample = number(get(dict, 'BitsPerComponent')) ?? 8;
    const depths = palette ? [1, 2, 4, 8] : samplesPerPixel === 1 ? [1, 2, 4, 8, 16] : [8, 16];
    if (!samplesPerPixel || !depths.includes(bitsPerSample)) return undefined;
    // An index's /Decode is [0 2^bits-1]; anything there is unusual enough to leave to the renderer.
    if (palette && dict.has(PDFName.of('Decode'))) return undefined;
    const layout = { width: image.width, height: image.height, bitsPerSample: bitsPerSample as FlateLayout['bitsPerSample'], samplesPerPixel, inverted, palette: palette && Uint8Array.from({ length: 1 << bitsPerSample }, (_, i) => palette[Math.min(i, palette.length - 1)]) };
    const predictor = parm('Predictor') ?? 1;
    if (predictor >= 10) {
      // PNG predictors: each row led by its filter type, when the rows are the image's.
      if ((parm('Colors') ?? 1) !== samplesPerPixel || (parm('BitsPerComponent') ?? 8) !== bitsPerSample || (parm('Columns') ?? 1) !== image.width) return undefined;
      return { filter: 'FlateDecode', data: image.stream.contents, layout: { ...layout, predictor: 'png' } };
    }
    if (predictor === 1) return { filter: 'FlateDecode', data: image.stream.contents, layout: { ...layout, predictor: 'none' } };
    if (predictor === 2 && bitsPerSample === 8 && !palette && (parm('Colors') ?? 1) === samplesPerPixel && (parm('Columns') ?? 1) === image.width) {
      return { filter: 'FlateDecode', data: image.stream.contents, layout: { ...layout, predictor: 'tiff' } };
    }
    return undefined;
  }
  return undefined;
}

function number(value: unknown): number | undefined {
  return value instanceof PDFNumber ? value.asNumber() : undefined;
}

/** Whether /Decode inverts every component (true), leaves them (false), or maps them otherwise (undefined). */
function decodeInverted(decode: unknown): boolean | undefined {
  if (!(decode instanceof PDFArray)) return false;
  const values = decode.asArray().map(number);
  const pairs = Array.from({ length: values.length / 2 }, (_, i) => `${values[2 * i]},${values[2 * i + 1]}`);
  if (pairs.length > 0 && pairs.every((p) => p === '0,1')) return false;
  if (pairs.length > 0 && pairs.every((p) => p === '1,0')) return true;
  return undefined;
}

/** 1 for grey, 3 for RGB colour spaces; undefined for the others (CMYK, Lab, palettes, separations). */
function colourComponents(context: PDFContext, space: unknown): 1 | 3 | undefined {
  const byName: Record<string, 1 | 3> = { '/DeviceGray': 1, '/CalGray': 1, '/DeviceRGB': 3, '/CalRGB': 3 };
  if (space instanceof PDFName) return byName[space.asString()];
  if (!(space instanceof PDFArray)) return undefined;
  const family = space.get(0);
  if (family === PDFName.of('ICCBased')) {
    const profile = context.lookup(space.get(1));
    const n = profile instanceof PDFRawStream ? number(profile.dict.get(PDFName.of('N'))) : undefined;
    return n === 1 || n === 3 ? n : undefined;
  }
  return family instanceof PDFName ? byName[family.asString()] : undefined;
}

/**
 * The grey of each colour of an /Indexed colour space over a grey or RGB base, from its lookup table (a string or a
 * stream); undefined for any other colour space or a table too short for its colours.
 */
function indexedGreys(context: PDFContext, space: unknown): number[] | undefined {
  if (!(space instanceof PDFArray) || space.get(0) !== PDFName.of('Indexed')) return undefined;
  const components = colourComponents(context, context.lookup(space.get(1)));
  const highest = number(context.lookup(space.get(2)));
  const lookup = context.lookup(space.get(3));
  const table = lookup instanceof PDFString || lookup instanceof PDFHexString ? lookup.asBytes() : lookup instanceof PDFRawStream ? decodePDFRawStream(lookup).decode() : undefined;
  if (!components || highest === undefined || highest < 0 || highest > 255 || !table || table.length < (highest + 1) * components) return undefined;
  return Array.from({ length: highest + 1 }, (_, i) => (components === 1 ? table[i] : luma(table[3 * i], table[3 * i + 1], table[3 * i + 2])));
}

interface TiffShape {
  width: number;
  height: number;
  bitsPerSample: number;
  samplesPerPixel: number;
  compression: number;
  photometric: number;
  /** More tags, each with one value. */
  extra: [number, number][];
}

/** A one-strip TIFF around compressed image data. */
function oneStripTiff(data: Uint8Array, shape: TiffShape): Uint8Array {
  const tags: [number, number | number[]][] = [
    [256, shape.width],
    [257, shape.height],
    [258, Array(shape.samplesPerPixel).fill(shape.bitsPerSample)],
    [259, shape.compression],
    [262, shape.photometric],
    [273, 0], // strip offset, filled in below
    [277, shape.samplesPerPixel],
    [278, shape.height],
    [279, data.length],
    ...shape.extra,
  ].sort((a, b) => (a[0] as number) - (b[0] as number)) as [number, number | number[]][];
  const ifdOffset = 8;
  const ifdSize = 2 + tags.length * 12 + 4;
  // Values of more than two SHORTs do not fit in their entry: they follow the directory.
  const outOfLine = tags.filter(([, v]) => Array.isArray(v) && v.length > 2).reduce((n, [, v]) => n + (v as number[]).length * 2, 0);
  const dataOffset = ifdOffset + ifdSize + outOfLine;
  const out = new Uint8Array(dataOffset + data.length);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0], 0);
  view.setUint32(4, ifdOffset, true);
  view.setUint16(ifdOffset, tags.length, true);
  let spill = ifdOffset + ifdSize;
  tags.forEach(([tag, value], i) => {
    const at = ifdOffset + 2 + i * 12;
    const values = Array.isArray(value) ? value : [tag === 273 ? dataOffset : value];
    const long = !Array.isArray(value) && values[0] > 0xffff;
    view.setUint16(at, tag, true);
    view.setUint16(at + 2, long ? 4 : 3, true);
    view.setUint32(at + 4, values.length, true);
    if (long) view.setUint32(at + 8, values[0], true);
    else if (values.length <= 2) values.forEach((v, j) => view.setUint16(at + 8 + j * 2, v, true));
    else {
      view.setUint32(at + 8, spill, true);
      values.forEach((v) => {
        view.setUint16(spill, v, true);
        spill += 2;
      });
    }
  });
  view.setUint32(ifdOffset + ifdSize - 4, 0, true);
  out.set(data, dataOffset);
  return out;
}
