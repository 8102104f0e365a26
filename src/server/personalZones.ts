import sharp from 'sharp';
import type { Rect } from '../layout/types.js';
import { fieldRect, knownLayout } from '../review/layouts.js';
import type { Db } from '../store/db.js';
import { PERSONAL_SLOTS, personalKind } from '../survey/personal.js';

/** Written names run past their boxes and lines: a little paper around each zone goes too. */
const ZONE_MARGIN_POINTS = 8;
const BLANK = '#c8ccd2';

/**
 * Where a page of a read form shows who the respondent is, in layout points: the name, phone and address fields and
 * the name printed on a personalised copy. `except` keeps the one field a reviewer is keying in view.
 */
export function personalZones(db: Db, pageId: number, except?: string): Rect[] {
  const page = db.prepare(`SELECT page_number, layout_hash, json_extract(read_json, '$.kind') AS kind FROM pages WHERE id = ?`).get(pageId) as
    | { page_number: number | null; layout_hash: string | null; kind: string }
    | undefined;
  // Only a read page is stored de-skewed onto its layout, so only there do layout points say where the zones are.
  if (!page || page.kind !== 'read' || !page.layout_hash || page.page_number === null) return [];
  const known = knownLayout(db, page.layout_hash);
  if (!known) return [];
  const zones: Rect[] = [];
  for (const field of known.layout.fields) {
    const question = known.questions.get(field.questionId)?.question;
    if (field.page !== page.page_number || field.questionId === except || !question || !personalKind(question)) continue;
    zones.push(fieldRect(field));
  }
  for (const slot of known.layout.slots) if (slot.page === page.page_number && PERSONAL_SLOTS.has(slot.name as never)) zones.push(slot.rect);
  return zones.map((r) => ({ x: r.x - ZONE_MARGIN_POINTS, y: r.y - ZONE_MARGIN_POINTS, w: r.w + 2 * ZONE_MARGIN_POINTS, h: r.h + 2 * ZONE_MARGIN_POINTS }));
}

/** Whether a question of a read page asks who the respondent is. */
export function isPersonalField(db: Db, pageId: number, questionId: string): boolean {
  const page = db.prepare('SELECT layout_hash FROM pages WHERE id = ?').get(pageId) as { layout_hash: string | null } | undefined;
  const question = page?.layout_hash ? knownLayout(db, page.layout_hash)?.questions.get(questionId)?.question : undefined;
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
