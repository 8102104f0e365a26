import sharp from 'sharp';
import { PAGE } from '../layout/pageGeometry.js';
import type { GrayImage } from '../image/grayImage.js';
import { suggestText, type TextOcr } from '../ocr/suggestText.js';
import { readPage, readPlacedPage, warpClip, type PageRead, type PlacedPage, type ReadContext } from '../recognize/readPage.js';
import type { DecodedPage } from './decode.js';
import { ScanFileError } from './scanFileError.js';

/** What a worker hands back for one page: the read, and the images already encoded for storage. */
export interface ProcessedPage {
  pageIndex: number;
  read: PageRead | { kind: 'refused'; reason: ScanFileError['reason']; message: string };
  /** The page as reviewers see it: de-skewed and turned upright when it was read, JPEG. */
  pageImage?: Uint8Array;
  clips: { questionId: string; cell: number; png: Uint8Array }[];
}

/** Resolution of the stored page image: enough to see the whole form; the clips carry the detail. */
const PAGE_IMAGE_PIXELS_PER_POINT = 110 / 72;

/**
 * Reads one page; with `ocr`, written text zones also get an OCR suggestion. With `placed`, the page is read as the form
 * and page a person placed it on (its QR code could not be read).
 */
export async function processPage(pageIndex: number, decode: () => Promise<DecodedPage>, ctx: Omit<ReadContext, 'pixelsPerPoint'>, ocr?: TextOcr, placed?: PlacedPage): Promise<ProcessedPage> {
  let decoded: DecodedPage;
  try {
    decoded = await decode();
  } catch (error) {
    if (error instanceof ScanFileError) return { pageIndex, read: { kind: 'refused', reason: error.reason, message: error.message }, clips: [] };
    throw error;
  }
  const readContext = { ...ctx, pixelsPerPoint: decoded.pixelsPerPoint };
  const result = placed ? await readPlacedPage(decoded.image, placed, readContext) : await readPage(decoded.image, readContext);
  if (result.read.kind !== 'read') return { pageIndex, read: result.read, pageImage: await overview(result.image), clips: [] };
  const read = ocr && result.textZones.length ? await suggestText(result.read, result.textZones, ocr) : result.read;
  const upright = warpClip(result.image, read.transform, { x: 0, y: 0, w: PAGE.width, h: PAGE.height }, PAGE_IMAGE_PIXELS_PER_POINT);
  const clips = await Promise.all(
    result.clips.map(async (clip) => ({ questionId: clip.questionId, cell: clip.cell ?? -1, png: await png(clip.image) })),
  );
  return { pageIndex, read, pageImage: await jpeg(upright), clips };
}

async function overview(image: GrayImage): Promise<Uint8Array> {
  const width = Math.round(PAGE.width * PAGE_IMAGE_PIXELS_PER_POINT);
  const buffer = await raw(image).resize({ width: Math.min(width, image.width) }).jpeg({ quality: 70 }).toBuffer();
  return new Uint8Array(buffer);
}

const raw = (image: GrayImage) => sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
const jpeg = async (image: GrayImage) => new Uint8Array(await raw(image).jpeg({ quality: 70 }).toBuffer());
const png = async (image: GrayImage) => new Uint8Array(await raw(image).png({ compressionLevel: 6 }).toBuffer());
