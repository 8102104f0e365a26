import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { PAGE } from '../layout/pageGeometry.js';
import { fieldOf, fieldRect, knownLayout } from '../review/layouts.js';
import type { Rect } from '../layout/types.js';
import type { Db } from '../store/db.js';
import { fieldClips, storedPageInfo } from '../store/scans.js';
import { PhieuError } from '../errors/errorTable.js';
import { blankAllButSerial, blankZones } from './personalZones.js';

/** Stored page images are upright at this resolution (see src/ingest/processPage.ts). */
const PAGE_IMAGE_PIXELS_PER_POINT = 110 / 72;
const BAND_MARGIN_POINTS = 6;
/** Margin around each cell of a comb's clip, where a doubtful cell's red frame goes. */
const CELL_FRAME = 3;
const DOUBT_RED = '#d32f2f';

/**
 * Reads a stored page image by its database row. The path comes from the database, never from the request, and must
 * stay inside the data folder's `pages/`.
 */
export function pageImagePath(db: Db, dataDir: string, pageId: number): string {
  const imageFile = storedPageInfo(db, pageId)?.imageFile;
  if (!imageFile) throw new PhieuError('pageHasNoImage', {});
  const root = path.resolve(dataDir, 'pages');
  const file = path.resolve(dataDir, imageFile);
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file)) throw new PhieuError('pageImageMissing', {});
  return file;
}

/**
 * The stored page; `hide` are zones (layout points, see personalZones) painted over before it leaves the server, or
 * `allButSerial` for a page whose zones cannot be told (see blankAllButSerial).
 */
export async function pageImage(db: Db, dataDir: string, pageId: number, quarterTurns = 0, hide: Rect[] | 'allButSerial' = []): Promise<Buffer> {
  const file = pageImagePath(db, dataDir, pageId);
  const stored = await fs.promises.readFile(file);
  const image = hide === 'allButSerial' ? await blankAllButSerial(stored) : await blankZones(stored, hide, PAGE_IMAGE_PIXELS_PER_POINT);
  return quarterTurns ? sharp(image).rotate(quarterTurns * 90).jpeg({ quality: 75 }).toBuffer() : image;
}

/**
 * The image of one field for the reviewer. Handwriting has 300-dpi clips from the reader (a comb's cells are set side
 * by side); marks are shown as the whole width of the page around the boxes, so the question's words and the option
 * labels are in view with the marks.
 */
export async function fieldImage(db: Db, dataDir: string, pageId: number, questionId: string, hide: Rect[] = [], doubtfulCells: readonly number[] = []): Promise<Buffer> {
  const clips = fieldClips(db, pageId, questionId);
  if (clips.length === 1) return clips[0].png;
  if (clips.length > 1) {
    const metas = await Promise.all(clips.map((c) => sharp(c.png).metadata()));
    // The cells sit in a frame's width of margin, so a digit the reader doubts can be framed in red there.
    const height = Math.max(...metas.map((m) => m.height ?? 0)) + 2 * CELL_FRAME;
    const gap = 2 * CELL_FRAME;
    const width = metas.reduce((w, m) => w + (m.width ?? 0) + gap, 0);
    let left = CELL_FRAME;
    const composite = clips.flatMap((c, i) => {
      const [w, h] = [metas[i].width ?? 0, metas[i].height ?? 0];
      const frame = { input: { create: { width: w + 2 * CELL_FRAME, height: h + 2 * CELL_FRAME, channels: 3 as const, background: DOUBT_RED } }, left: left - CELL_FRAME, top: 0 };
      const placed = { input: c.png, left, top: CELL_FRAME };
      left += w + gap;
      return doubtfulCells.includes(c.cell) ? [frame, placed] : [placed];
    });
    return sharp({ create: { width, height, channels: 3, background: '#d0d4da' } }).composite(composite).png().toBuffer();
  }
  const hash = storedPageInfo(db, pageId)?.layoutHash;
  const layout = hash ? knownLayout(db, hash)?.layout : undefined;
  const field = layout && fieldOf(layout, questionId);
  if (!field) throw new PhieuError('questionHasNoImage', {});
  const rect = fieldRect(field);
  const k = PAGE_IMAGE_PIXELS_PER_POINT;
  const file = pageImagePath(db, dataDir, pageId);
  const top = Math.max(0, Math.floor((rect.y - BAND_MARGIN_POINTS) * k));
  const bottom = Math.min(Math.floor(PAGE.height * k), Math.ceil((rect.y + rect.h + BAND_MARGIN_POINTS) * k));
  const { width = 0, height = 0 } = await sharp(file).metadata();
  const bandTop = Math.min(top, height - 1);
  const band = await sharp(file)
    .extract({ left: 0, top: bandTop, width, height: Math.max(1, Math.min(bottom, height) - bandTop) })
    .png()
    .toBuffer();
  // A band is the page's whole width: a name or phone number beside the boxes must not come with it.
  return blankZones(band, hide, k, { x: 0, y: bandTop / k });
}
