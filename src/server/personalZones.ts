import sharp from 'sharp';
import { serialRect } from '../layout/layoutForm.js';
import { PAGE } from '../layout/pageGeometry.js';
import type { Rect } from '../layout/types.js';
import { fieldRect, knownLayout } from '../review/layouts.js';
import type { Db } from '../store/db.js';
import { storedPageInfo } from '../store/scans.js';
import { PERSONAL_SLOTS, personalKind } from '../survey/personal.js';

/** Written names run past their boxes and lines: a little paper around each zone goes too. */
const ZONE_MARGIN_POINTS = 8;
const BLANK = '#c8ccd2';

/**
 * Where a page of a read form shows who the respondent is, in layout points: the name, phone and address fields and
 * the name printed on a personalised copy. `except` keeps the one field a reviewer is keying in view. Undefined for a
 * page that was not read onto a known layout: where its names are cannot be told (see blankAllButSerial).
 */
export function personalZones(db: Db, pageId: number, except?: string): Rect[] | undefined {
  return personalFields(db, pageId)
    ?.filter((f) => f.questionId !== except)
    .map(({ rect: r }) => ({ x: r.x - ZONE_MARGIN_POINTS, y: r.y - ZONE_MARGIN_POINTS, w: r.w + 2 * ZONE_MARGIN_POINTS, h: r.h + 2 * ZONE_MARGIN_POINTS }));
}

/** The personal questions a read page shows (`printedName` for the name printed on a personalised copy); [] for a page not read onto a layout. */
export function personalQuestionsOnPage(db: Db, pageId: number): string[] {
  return [...new Set((personalFields(db, pageId) ?? []).map((f) => f.questionId))];
}

function personalFields(db: Db, pageId: number): { questionId: string; rect: Rect }[] | undefined {
  const page = storedPageInfo(db, pageId);
  // Only a read page is stored de-skewed onto its layout, so only there do layout points say where the zones are.
  if (!page || page.kind !== 'read' || !page.layoutHash || page.pageNumber === null) return undefined;
  const known = knownLayout(db, page.layoutHash);
  if (!known) return undefined;
  const fields: { questionId: string; rect: Rect }[] = [];
  for (const field of known.layout.fields) {
    const question = known.questions.get(field.questionId)?.question;
    if (field.page === page.pageNumber && question && personalKind(question)) fields.push({ questionId: field.questionId, rect: fieldRect(field) });
  }
  for (const slot of known.layout.slots) if (slot.page === page.pageNumber && PERSONAL_SLOTS.has(slot.name as never)) fields.push({ questionId: 'printedName', rect: slot.rect });
  return fields;
}

/** Whether a question of a read page asks who the respondent is. */
export function isPersonalField(db: Db, pageId: number, questionId: string): boolean {
  const hash = storedPageInfo(db, pageId)?.layoutHash;
  const question = hash ? knownLayout(db, hash)?.questions.get(questionId)?.question : undefined;
  return question !== undefined && personalKind(question) !== null;
}

/**
 * Paints zones over an image of the page. `origin` is where the image starts on the page (a band cut from it starts
 * lower down), in points; `pixelsPerPoint` its scale. Zones outside the image are skipped.
 */
export async function blankZones(image: Buffer, zones: Rect[], pixelsPerPoint: number, origin = { x: 0, y: 0 }): Promise<Buffer> {
  if (!zones.length) return image;
  const { width = 0, height = 0, format } = await sharp(image).metadata();
  const overlays = zones.flatMap((zone) => {
    const left = Math.max(0, Math.floor((zone.x - origin.x) * pixelsPerPoint));
    const top = Math.max(0, Math.floor((zone.y - origin.y) * pixelsPerPoint));
    const right = Math.min(width, Math.ceil((zone.x + zone.w - origin.x) * pixelsPerPoint));
    const bottom = Math.min(height, Math.ceil((zone.y + zone.h - origin.y) * pixelsPerPoint));
    if (right <= left || bottom <= top) return [];
    return [{ input: { create: { width: right - left, height: bottom - top, channels: 3 as const, background: BLANK } }, left, top }];
  });
  if (!overlays.length) return image;
  const painted = sharp(image).composite(overlays);
  return format === 'png' ? painted.png().toBuffer() : painted.jpeg({ quality: 75 }).toBuffer();
}

/** Paper kept in view around the serial: scans sit a few millimetres off. */
const SERIAL_MARGIN_POINTS = 9;

/**
 * A page not read onto its layout (no code found, marks not found, not our form) is stored as scanned, so where its
 * names and phone numbers are cannot be told: everything is painted over except where the serial is printed, the
 * right way up or upside down (either way sideways for a landscape image), so the page can still be placed on its
 * form. The serial sits below the content of the page one way up and above it the other way (layoutForm).
 */
export async function blankAllButSerial(image: Buffer): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(image).metadata();
  const landscape = width > height;
  const k = (landscape ? height : width) / PAGE.width;
  const s = serialRect();
  const r = { x: s.x - SERIAL_MARGIN_POINTS, y: s.y - SERIAL_MARGIN_POINTS, w: s.w + 2 * SERIAL_MARGIN_POINTS, h: s.h + 2 * SERIAL_MARGIN_POINTS };
  const { width: pw, height: ph } = PAGE;
  // The serial's place on the image for each way the page may lie, in page points of the image.
  const places = landscape
    ? [
        { x: ph - r.y - r.h, y: r.x, w: r.h, h: r.w },
        { x: r.y, y: pw - r.x - r.w, w: r.h, h: r.w },
      ]
    : [r, { x: pw - r.x - r.w, y: ph - r.y - r.h, w: r.w, h: r.h }];
  const windows = places.flatMap((p) => {
    const left = Math.max(0, Math.floor(p.x * k));
    const top = Math.max(0, Math.floor(p.y * k));
    const right = Math.min(width, Math.ceil((p.x + p.w) * k));
    const bottom = Math.min(height, Math.ceil((p.y + p.h) * k));
    return right > left && bottom > top ? [{ left, top, width: right - left, height: bottom - top }] : [];
  });
  const kept = await Promise.all(windows.map(async (w) => ({ input: await sharp(image).extract(w).toBuffer(), left: w.left, top: w.top })));
  return sharp({ create: { width, height, channels: 3, background: BLANK } }).composite(kept).jpeg({ quality: 75 }).toBuffer();
}
