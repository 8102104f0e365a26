import { digitClassifier, type DigitClassifier } from '../handwriting/digitClassifier.js';
import { readDigitField, type DigitFieldRead } from '../handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS, type HandwritingSettings } from '../handwriting/settings.js';
import { EMPTY_TEXT_ZONE, IMAGE_ONLY_TEXT_ZONE, UNREAD_TEXT_ZONE, type KnownListName, type TextFieldRead } from '../handwriting/textSuggestion.js';
import { readTextZoneInk } from '../handwriting/textZoneInk.js';
import { GEOMETRY, PAGE, qrRect } from '../layout/pageGeometry.js';
import { MM, type FieldLayout, type FormLayout, type PageLayout, type Rect } from '../layout/types.js';
import { decodeQrPayload, type QrPayload } from '../qr/payload.js';
import { faintMarkSpots, readChoice, scoreBox, type BoxInk, type ChoiceRead } from './checkboxes.js';
import { applyHomography, type Homography, type Point } from './homography.js';
import { evenLight, paperLevel, type GrayImage } from '../image/grayImage.js';
import type { QrDecoder, QrSymbol } from './qr.js';
import { boxBordersInPlace, findCornerMarks, findMarksNear, pageTransform } from './registration.js';
import { DEFAULT_SETTINGS, type RecognitionSettings } from './settings.js';

/** Resolution of the clips kept for people and the handwriting reader: 300 dpi. */
export const CLIP_PIXELS_PER_POINT = 300 / 72;

export type FieldRead =
  | ({ questionId: string; kind: 'single' | 'multiple' | 'scale' } & ChoiceRead)
  /** Digit cells and dates are read here; text zones are told empty or written, and OCR (in ingest) suggests a value. */
  | ({ questionId: string; kind: 'digits' | 'date' } & DigitFieldRead)
  | ({ questionId: string; kind: 'text' } & TextFieldRead)
  /** Handwriting stored before the machine read it (reads made by earlier versions): the clip alone, for a person. */
  | { questionId: string; kind: 'digits' | 'date' | 'text'; value: null; reasons: ['handwriting'] };

/** A written text zone for OCR: its clip with the printed writing lines taken out. */
export interface TextZoneForOcr {
  questionId: string;
  image: GrayImage;
  lines: number;
  list?: KnownListName;
  /** The survey keeps this zone as an image only: OCR reads it to make it searchable, not for anyone to confirm. */
  imageOnly?: true;
}

/** De-skewed image of a field, for the reviewer and the handwriting reader. `cell` numbers the cells of a comb. */
export interface FieldClip {
  questionId: string;
  cell?: number;
  image: GrayImage;
}

export type PageRead =
  | {
      kind: 'read';
      qr: QrPayload;
      /** The page came in upside down. */
      turned: boolean;
      /** Printed size relative to the original (a 97 % copy reads 0.97). */
      scale: number;
      /** Layout points → pixels of the image as given (after any quarter turn noted in `quarterTurned`). */
      transform: Homography;
      quarterTurned: boolean;
      fields: FieldRead[];
      needsReview: boolean;
    }
  | { kind: 'blank' }
  /**
   * `upsideDown` and `notThisForm` only for a page a person placed (readPlacedPage); `retakePhoto`: a photo whose marks
   * could not be found or trusted, its message telling the staff how to take it again.
   */
  | { kind: 'unreadable'; reason: 'noCode' | 'marksNotFound' | 'scaleOff' | 'registrationMismatch' | 'upsideDown' | 'notThisForm' | 'retakePhoto'; message: string; qr?: QrPayload }
  | { kind: 'notOurForm'; reason: 'foreignCode' | 'malformed' | 'badSignature' | 'unknownLayout'; message: string };

export interface ReadContext {
  secret: Buffer;
  decodeQr: QrDecoder;
  findLayout: (hash: string) => FormLayout | undefined;
  settings?: RecognitionSettings;
  /** The scan's resolution in pixels per point (dpi / 72), when the file says; otherwise taken from the image size. */
  pixelsPerPoint?: number;
  handwriting?: HandwritingSettings;
  classifyDigit?: DigitClassifier;
}

export interface PageResult {
  read: PageRead;
  clips: FieldClip[];
  /** The image the read refers to (turned a quarter when the scan was landscape). */
  image: GrayImage;
  /** Written text zones, for OCR to suggest a value. */
  textZones: TextZoneForOcr[];
}

let shippedClassifier: DigitClassifier | undefined;

/**
 * Reads one scanned page: finds and verifies its QR code, registers the page through its corner marks (turning an
 * upside-down page), scores every box and clips every handwritten field. Pure: no files, no database.
 */
export async function readPage(input: GrayImage, ctx: ReadContext): Promise<PageResult> {
  const settings = ctx.settings ?? DEFAULT_SETTINGS;
  const quarterTurned = input.width > input.height;
  const upright = quarterTurned ? rotate90(input) : input;
  const image = evenLight(upright);
  const unevenLight = image !== upright;
  const pixelsPerPoint = ctx.pixelsPerPoint ?? Math.min(image.width / PAGE.width, image.height / PAGE.height);
  const nothing = (read: PageRead): PageResult => ({ read, clips: [], image, textZones: [] });
  const paper = paperLevel(image);

  const symbol = await locateQr(image, pixelsPerPoint, ctx.decodeQr);
  if (!symbol) {
    if (inkedCellShare(image, pixelsPerPoint, paper) < settings.blankInkShare) return nothing({ kind: 'blank' });
    const message = 'Không thấy mã QR của phiếu trên trang (không phải phiếu của hệ thống, hoặc mã bị hỏng)';
    // Unevenly lit, the page is most likely a photo: if it is one of ours, a closer, better lit picture may read.
    return nothing({ kind: 'unreadable', reason: 'noCode', message: unevenLight ? `Không thấy mã QR của phiếu trên ảnh. Nếu đây là phiếu khảo sát: hãy chụp lại gần hơn, với ánh sáng đều hơn, giữ điện thoại song song với trang giấy (${message}).` : message });
  }
  const check = decodeQrPayload(symbol.text, ctx.secret);
  if (!check.ok) return nothing({ kind: 'notOurForm', reason: check.reason === 'notOurs' ? 'foreignCode' : check.reason, message: check.message });
  const qr = check.payload;
  const layout = ctx.findLayout(qr.layoutHash);
  if (!layout || layout.surveyId !== qr.surveyId || !layout.pages[qr.page - 1]) {
    return nothing({ kind: 'notOurForm', reason: 'unknownLayout', message: `Phiếu được in theo bố cục ${qr.layoutHash} của mẫu phiếu "${qr.surveyId}", nơi này không có bố cục đó` });
  }
  const page = layout.pages[qr.page - 1];
  const qrCenter = centroid(symbol.corners);
  const turned = qrCenter.y < image.height / 2;

  const registered = registerPage(image, page, symbol, pixelsPerPoint, paper, settings.scaleTolerance, turned);
  const photo = unevenLight || registered.photo;
  if (!registered.ok) return nothing({ kind: 'unreadable', ...(photo && registered.reason === 'marksNotFound' ? retakePhoto(registered.message) : { reason: registered.reason, message: registered.message }), qr });
  const { transform } = registered;

  const expectedQr = applyHomography(transform, centroid(rectCorners(page.qr)));
  const mismatch = Math.hypot(expectedQr.x - qrCenter.x, expectedQr.y - qrCenter.y) / registered.pixelsPerPoint;
  if (mismatch > settings.qrMismatchPt) {
    const message = `Dấu định vị ở các góc và mã QR lệch nhau ${mismatch.toFixed(0)} pt: các dấu tìm thấy không phải của phiếu`;
    return nothing({ kind: 'unreadable', ...(photo ? retakePhoto(message) : { reason: 'registrationMismatch', message }), qr });
  }
  if (registered.searchedNear) {
    const boxes = layout.fields.flatMap((f) => (f.page === qr.page && 'options' in f ? f.options.map((o) => o.rect) : []));
    const inPlace = boxBordersInPlace(image, transform, boxes, paper);
    if (inPlace < BOXES_IN_PLACE) {
      const message = `Chỉ ${(inPlace * 100).toFixed(0)} % số viền ô in nằm đúng chỗ theo các dấu định vị: các dấu tìm thấy không phải của phiếu`;
      return nothing({ kind: 'unreadable', ...(photo ? retakePhoto(message) : { reason: 'registrationMismatch', message }), qr });
    }
  }

  const { fields, clips, textZones, needsReview } = readFields(image, layout, qr.page, transform, paper, registered.pixelsPerPoint, settings, ctx);
  return { read: { kind: 'read', qr, turned, scale: registered.scale, transform, quarterTurned, fields, needsReview }, clips, image, textZones };
}

/** A page placed by a person: its form and page, and how far they turned it (quarter turns clockwise). */
export interface PlacedPage {
  qr: QrPayload;
  quarterTurns: number;
}

/**
 * Reads a page whose QR code could not be read, once a person has said which form and page it is: turned as they
 * turned it, registered through its corner marks alone and read with that form's layout, like any other page. A page
 * whose marks are not found, whose printed boxes fit far better the other way up (still upside down), or that does
 * not have that page's boxes where they belong (another form's page), is unreadable with the reason, never read at
 * the wrong place.
 */
export async function readPlacedPage(input: GrayImage, placed: PlacedPage, ctx: ReadContext): Promise<PageResult> {
  const settings = ctx.settings ?? DEFAULT_SETTINGS;
  const quarterTurned = input.width > input.height;
  let upright = quarterTurned ? rotate90(input) : input;
  for (let turn = 0; turn < (((placed.quarterTurns % 4) + 4) % 4); turn++) upright = rotate90(upright);
  const image = evenLight(upright);
  const pixelsPerPoint = ctx.pixelsPerPoint ?? Math.min(image.width / PAGE.width, image.height / PAGE.height);
  const nothing = (read: PageRead): PageResult => ({ read, clips: [], image, textZones: [] });
  const { qr } = placed;
  const layout = ctx.findLayout(qr.layoutHash);
  const page = layout?.pages[qr.page - 1];
  if (!layout || !page) return nothing({ kind: 'notOurForm', reason: 'unknownLayout', message: `Nơi này không có trang ${qr.page} của bố cục ${qr.layoutHash}` });
  const paper = paperLevel(image);
  const marks = findCornerMarks(image, page, pixelsPerPoint, paper, settings.scaleTolerance);
  if (!marks.ok) return nothing({ kind: 'unreadable', reason: marks.reason, message: marks.message, qr });
  const transform = pageTransform(page, marks.centers, false);
  // The corner marks are alike: only the printed boxes tell which way up the page is, and whether it is this form's.
  const boxes = layout.fields.filter((f) => f.page === qr.page).flatMap((f) => ('options' in f ? f.options.map((o) => o.rect) : 'cells' in f ? f.cells : []));
  if (boxes.length) {
    const asTurned = boxBordersInPlace(image, transform, boxes, paper);
    const otherWay = boxBordersInPlace(image, pageTransform(page, marks.centers, true), boxes, paper);
    if (otherWay > asTurned + BOX_FIT.clearlyBetter) {
      return nothing({ kind: 'unreadable', reason: 'upsideDown', message: `Trang bị lộn ngược: các ô in trên trang khớp với phiếu ${pct(otherWay)} khi xoay ngược lại, ${pct(asTurned)} như đang đặt`, qr });
    }
    if (asTurned < BOX_FIT.least) {
      return nothing({ kind: 'unreadable', reason: 'notThisForm', message: `Chỉ ${pct(asTurned)} số ô in nằm đúng chỗ của trang ${qr.page} của phiếu này: có thể là trang của phiếu khác?`, qr });
    }
  }
  const { fields, clips, textZones, needsReview } = readFields(image, layout, qr.page, transform, paper, pixelsPerPoint, settings, ctx);
  return { read: { kind: 'read', qr, turned: false, scale: marks.scale, transform, quarterTurned, fields, needsReview }, clips, image, textZones };
}

/** A form's own page has nearly every box border where its layout has it; a page the wrong way up or of another form, few. */
const BOX_FIT = { least: 0.6, clearlyBetter: 0.2 };
const pct = (share: number) => `${Math.round(share * 100)} %`;

function readFields(image: GrayImage, layout: FormLayout, pageNumber: number, transform: Homography, paper: number, pixelsPerPoint: number, settings: RecognitionSettings, ctx: ReadContext) {
  const handwriting: Handwriting = { settings: ctx.handwriting ?? HANDWRITING_SETTINGS, classify: ctx.classifyDigit ?? (shippedClassifier ??= digitClassifier()) };
  const pageFields = layout.fields.filter((f) => f.page === pageNumber);
  // Every box of the page is scored before any is judged: the empty ones show how specked the page is.
  const inks = new Map(pageFields.flatMap((f) => ('options' in f ? [[f.questionId, f.options.map((o) => scoreBox(image, transform, o.rect, paper, pixelsPerPoint, settings.checkbox.inset))]] : [])));
  const boxes: PageBoxes = { inks, faintSpots: faintMarkSpots([...inks.values()].flat(), settings.checkbox) };
  const fields: FieldRead[] = [];
  const clips: FieldClip[] = [];
  const textZones: TextZoneForOcr[] = [];
  for (const field of pageFields) {
    const { read, clips: fieldClips, textZone } = readField(field, image, transform, paper, boxes, settings, handwriting);
    fields.push(read);
    clips.push(...fieldClips);
    if (textZone) textZones.push(textZone);
  }
  return { fields, clips, textZones, needsReview: fields.some((f) => f.reasons.length > 0) };
}

/** On a photo, the share of boxes whose printed border must be where the marks put it before the marks are trusted. */
const BOXES_IN_PLACE = 0.8;

/** Why a photo was refused, in words the scanning staff act on; the reader's own words follow for whoever digs deeper. */
function retakePhoto(detail: string): { reason: 'retakePhoto'; message: string } {
  return { reason: 'retakePhoto', message: `Ảnh chụp không đọc được: hãy chụp lại với ánh sáng đều hơn, giữ điện thoại song song với trang giấy và chụp trọn cả trang (${detail}).` };
}

/**
 * The page transform from the corner marks: first where a scan has them (near the image's corners, at the nominal
 * resolution); failing that, around where the QR alone says they are, which finds them on a photo or an odd framing.
 * `pixelsPerPoint` is the page's resolution on the image as registered; `photo` says the page did not fill the image
 * at its nominal resolution (a photo, or an odd framing), so a refusal should ask for a better picture; `searchedNear`
 * says the marks were looked for away from the image's corners, where something else may pass for one.
 */
function registerPage(image: GrayImage, page: PageLayout, symbol: QrSymbol, pixelsPerPoint: number, paper: number, scaleTolerance: number, turned: boolean) {
  const marks = findCornerMarks(image, page, pixelsPerPoint, paper, scaleTolerance);
  if (marks.ok) return { ...marks, transform: pageTransform(page, marks.centers, turned), pixelsPerPoint, photo: false, searchedNear: false };
  if (marks.reason !== 'marksNotFound' || !symbol.version) return { ...marks, photo: false, searchedNear: false };
  const symbolRect = qrSymbolRect(page.qr, symbol.version);
  const roughScale = Math.hypot(symbol.corners[1].x - symbol.corners[0].x, symbol.corners[1].y - symbol.corners[0].y) / symbolRect.w;
  const photo = Math.abs(roughScale / pixelsPerPoint - 1) > scaleTolerance;
  const near = findMarksNear(image, page, roughScale, paper, { layout: rectCorners(symbolRect), image: symbol.corners });
  // Found in layout order, so no turning is needed.
  return near.ok ? { ...near, transform: pageTransform(page, near.centers, false), pixelsPerPoint: roughScale, photo, searchedNear: true } : { ...near, photo, searchedNear: true };
}

interface Handwriting {
  settings: HandwritingSettings;
  classify: DigitClassifier;
}

/** The ink of every box question of a page, and the spots that make a faint box marginal there. */
interface PageBoxes {
  inks: Map<string, BoxInk[]>;
  faintSpots: number;
}

function readField(
  field: FieldLayout,
  image: GrayImage,
  transform: Homography,
  paper: number,
  boxes: PageBoxes,
  settings: RecognitionSettings,
  handwriting: Handwriting,
): { read: FieldRead; clips: FieldClip[]; textZone?: TextZoneForOcr } {
  switch (field.kind) {
    case 'single':
    case 'multiple':
    case 'scale': {
      const read = readChoice(field.kind, field.options, boxes.inks.get(field.questionId)!, settings.checkbox, boxes.faintSpots, field.maxChoices);
      return { read: { questionId: field.questionId, kind: field.kind, ...read }, clips: [] };
    }
    case 'digits':
    case 'date': {
      const cells = field.cells.map((cell) => warpClip(image, transform, cell));
      const read = readDigitField(cells, field.kind === 'digits' ? { kind: 'digits', format: field.format } : { kind: 'date' }, paper, handwriting.classify, handwriting.settings);
      return {
        read: { questionId: field.questionId, kind: field.kind, ...read },
        clips: cells.map((clip, i) => ({ questionId: field.questionId, cell: i, image: clip })),
      };
    }
    case 'text': {
      const clip = warpClip(image, transform, field.rect);
      const zone = readTextZoneInk(clip, field.lines, paper, handwriting.settings);
      const { questionId } = field;
      const imageOnly = field.transcribe === 'image';
      return {
        read: { questionId, kind: 'text', ...(!zone.inked ? EMPTY_TEXT_ZONE : imageOnly ? IMAGE_ONLY_TEXT_ZONE : UNREAD_TEXT_ZONE) },
        clips: [{ questionId, image: clip }],
        ...(zone.inked ? { textZone: { questionId, image: zone.cleaned, lines: field.lines, ...(field.list ? { list: field.list } : {}), ...(imageOnly ? { imageOnly: true as const } : {}) } } : {}),
      };
    }
  }
}

/** A de-skewed copy of a layout rectangle, sampled through the page transform at 300 dpi. */
export function warpClip(image: GrayImage, transform: Homography, rect: Rect, pixelsPerPoint = CLIP_PIXELS_PER_POINT): GrayImage {
  const width = Math.max(1, Math.round(rect.w * pixelsPerPoint));
  const height = Math.max(1, Math.round(rect.h * pixelsPerPoint));
  const data = new Uint8Array(width * height);
  const [a, b, c, d, e, f, g, h, k] = transform;
  const src = image.data;
  const iw = image.width;
  const ih = image.height;
  const step = 1 / pixelsPerPoint;
  // The hot loop of every clip: the projective map is stepped along each row and the bilinear sample is inlined,
  // so no object is made per pixel.
  for (let y = 0; y < height; y++) {
    const v = rect.y + (y + 0.5) * step;
    let u = rect.x + 0.5 * step;
    for (let x = 0; x < width; x++, u += step) {
      const w = g * u + h * v + k;
      const px = (a * u + b * v + c) / w - 0.5;
      const py = (d * u + e * v + f) / w - 0.5;
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      let value = 255;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < iw && y0 + 1 < ih) {
        const fx = px - x0;
        const fy = py - y0;
        const i = y0 * iw + x0;
        const top = src[i] + (src[i + 1] - src[i]) * fx;
        const bottom = src[i + iw] + (src[i + iw + 1] - src[i + iw]) * fx;
        value = top + (bottom - top) * fy;
      }
      data[y * width + x] = value + 0.5;
    }
  }
  return { data, width, height };
}

/**
 * Looks for the QR where an upright page has it (bottom right), then where an upside-down page has it (top left),
 * each on a small crop with fast settings; only then searches the whole page thoroughly.
 */
async function locateQr(image: GrayImage, pixelsPerPoint: number, decodeQr: QrDecoder): Promise<QrSymbol | undefined> {
  const area = qrRect();
  const margin = 15 * MM;
  const w = (area.w + 2 * margin) * pixelsPerPoint;
  const h = (area.h + 2 * margin) * pixelsPerPoint;
  const upright = { x: image.width - (PAGE.width - area.x + margin) * pixelsPerPoint, y: image.height - (PAGE.height - area.y + margin) * pixelsPerPoint };
  const turned = { x: (PAGE.width - area.x - area.w - margin) * pixelsPerPoint, y: (PAGE.height - area.y - area.h - margin) * pixelsPerPoint };
  for (const origin of [upright, turned]) {
    const found = (await decodeQr(image, { region: { x: origin.x, y: origin.y, width: w, height: h } }))[0];
    if (found) return found;
  }
  // zxing keeps the memory of the largest image it was given: a 300-dpi page is searched at 150 dpi, still three
  // pixels a module of the 20 mm code.
  return (await decodeQr(image, { thorough: true, shrink: Math.ceil(Math.sqrt((image.width * image.height) / THOROUGH_SEARCH_PIXELS)) }))[0];
}

const THOROUGH_SEARCH_PIXELS = 4_500_000;

/**
 * Share of the page's ~1 mm cells that hold real ink (a fifth of the cell dark). Scanner specks fill no cell; a line of
 * writing or a fold fills many, so such a page is never taken for blank.
 */
function inkedCellShare(image: GrayImage, pixelsPerPoint: number, paper: number): number {
  const cell = Math.max(4, Math.round(pixelsPerPoint * (72 / 25.4)));
  const columns = Math.floor(image.width / cell);
  const rows = Math.floor(image.height / cell);
  let inked = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      let dark = 0;
      for (let y = r * cell; y < (r + 1) * cell; y++) {
        const row = y * image.width;
        for (let x = c * cell; x < (c + 1) * cell; x++) if (image.data[row + x] < paper * 0.55) dark++;
      }
      if (dark > (cell * cell) / 5) inked++;
    }
  }
  return inked / (columns * rows);
}

function rotate90(image: GrayImage): GrayImage {
  const { width, height } = image;
  const data = new Uint8Array(width * height);
  // Clockwise: the new image is `height` wide and `width` tall.
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[x * height + (height - 1 - y)] = image.data[y * width + x];
  return { data, width: height, height: width };
}

/** The symbol itself inside the printed QR area, within its quiet zone. */
function qrSymbolRect(area: Rect, version: number): Rect {
  const size = 17 + 4 * version;
  const module = area.w / (size + 2 * GEOMETRY.qrQuietModules);
  const quiet = GEOMETRY.qrQuietModules * module;
  return { x: area.x + quiet, y: area.y + quiet, w: size * module, h: size * module };
}

const rectCorners = (r: Rect): Point[] => [
  { x: r.x, y: r.y },
  { x: r.x + r.w, y: r.y },
  { x: r.x + r.w, y: r.y + r.h },
  { x: r.x, y: r.y + r.h },
];

const centroid = (points: Point[]): Point => ({
  x: points.reduce((s, p) => s + p.x, 0) / points.length,
  y: points.reduce((s, p) => s + p.y, 0) / points.length,
});

