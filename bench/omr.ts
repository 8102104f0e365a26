import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { loadSurveyDefinition } from '../src/io/surveyFiles.js';
import { qrDecoder } from '../src/io/zxingWasm.js';
import { layoutForm } from '../src/layout/layoutForm.js';
import type { GrayImage } from '../src/image/grayImage.js';
import { readPage, type PageRead } from '../src/recognize/readPage.js';
import { seededRandom } from '../src/sampling/random.js';
import { packScanFile, type Container, type PageEncoding } from '../tools/scangen/encode.js';
import { addFold, addSpeckle } from '../tools/scangen/faults.js';
import { fillPage } from '../src/demo/fillPage.js';
import { randomGeometry, scanSheet } from '../tools/scangen/geometry.js';
import { fontDigits } from '../src/demo/handwriting.js';
import { judgeChoice } from '../tools/scangen/judge.js';
import { pencilLeft, pencilOnScan } from '../tools/scangen/pencil.js';
import { paperSheet } from '../src/demo/pen.js';
import { PHONE_PHOTO, photographPage, type PhotoOptions } from '../tools/scangen/photo.js';
import { PAPER_PIXELS_PER_POINT, PrintedPages } from '../tools/scangen/printedPages.js';
import { pencilSilentReads, STRESS_HABITS, type ChoiceTruth } from '../src/demo/respondent.js';
import { peakRssMb, runIfMain, type Figures } from './harness.js';

/**
 * Checkbox accuracy over ≥ 500,000 box positions, by kind of scan and kind of mark, and the speed of the mark-reading
 * path against decoding alone, on one core per process. Each kind of scan runs in two processes of its own (one per
 * core), so its peak memory is its own; the figures of the two are summed.
 *
 * Geometry is applied once to a handful of scans of the printed page (rotation, scale, perspective, offset); each page
 * then gets fresh pen marks drawn straight into one of them through its transform, specks and sometimes a fold, and is
 * encoded as its kind of scan says. That keeps generation cheaper than the reading it measures.
 */
const PAGES = Number(process.env.BENCH_OMR_PAGES ?? 8_400);
const PARTS = 2;
const SECRET = Buffer.alloc(32, 5);

interface ScanKind {
  label: string;
  dpi: number;
  encoding: (random: () => number) => PageEncoding;
  container: Container;
  /** A phone photo: keystone, uneven light, no resolution in the file. */
  photo?: boolean;
}

const g4 = (random: () => number): PageEncoding => ({ kind: 'g4', threshold: 120 + Math.floor(random() * 51) });
const jpeg = (random: () => number): PageEncoding => ({ kind: 'jpeg', quality: 40 + Math.floor(random() * 51) });
const SCAN_KINDS: Record<string, ScanKind> = {
  grey300: { label: '300-dpi grey (lossless)', dpi: 300, encoding: () => ({ kind: 'png' }), container: 'png' },
  g4at200: { label: '200-dpi bilevel G4 (threshold 120–170)', dpi: 200, encoding: g4, container: 'tiff' },
  g4at300: { label: '300-dpi bilevel G4 (threshold 120–170)', dpi: 300, encoding: g4, container: 'tiff' },
  jpeg: { label: 'JPEG q40–90 (200 or 300 dpi)', dpi: 0, encoding: jpeg, container: 'jpeg' },
  photo: { label: 'phone photo (keystone, uneven light, JPEG q70–90)', dpi: 200, encoding: (random) => ({ kind: 'jpeg', quality: 70 + Math.floor(random() * 21) }), container: 'jpeg', photo: true },
};

/** How a respondent answered a question, as the figures are split. */
const MARK_KINDS = ['firm (x, tick, none, stray border stroke)', 'light pencil', 'corrected (box filled, another crossed)', 'two marks', 'resting pen (dot)'] as const;
type MarkGroup = (typeof MARK_KINDS)[number];

function markGroup(truth: ChoiceTruth): MarkGroup {
  const kinds = truth.marks.map((m) => m.kind);
  if (kinds.includes('pencil')) return 'light pencil';
  if (kinds.includes('filled')) return 'corrected (box filled, another crossed)';
  if (kinds.includes('dot')) return 'resting pen (dot)';
  if (kinds.filter((k) => k === 'x').length === 2) return 'two marks';
  return 'firm (x, tick, none, stray border stroke)';
}

interface PartResult {
  pages: number;
  boxes: number;
  fields: number;
  wrongSilent: number;
  wrongSilentBoxes: number;
  fieldsReviewed: number;
  firmFields: number;
  firmFieldsReviewed: number;
  unreadPages: number;
  /** Per mark kind: questions, and those read wrong without a person. */
  byMark: Record<string, { fields: number; wrongSilent: number }>;
  /** Light pencil marks of which the scan left nothing, or less than a person can tell from a speck. */
  pencilErased: number;
  pencilTrace: number;
  /** What went wrong, to reproduce it: the page's scan settings and the read. */
  problems: string[];
  decodeMs: number;
  omrMs: number;
  peakRssMb: number;
}

async function part(kindName: string, index: number, parts: number, pages: number): Promise<PartResult> {
  sharp.concurrency(1);
  const kind = SCAN_KINDS[kindName];
  const layout = layoutForm(loadSurveyDefinition('sipas'));
  const copy = { serial: 1, values: { office: 'UBND phường Phú Hội', name: 'Nguyễn Thị Hồng Nhung', caseCode: 'H35.12-240115-0042', procedure: 'Đăng ký khai sinh' } };
  const paper = paperSheet(await new PrintedPages('render').page({ layout, copy, page: 1, secret: SECRET }), PAPER_PIXELS_PER_POINT);
  const random = seededRandom(`omr-${kindName}-${index}`);
  const dpis = kind.dpi ? [kind.dpi] : [300, 200];
  // A photo is taken of the filled paper itself (photographPage puts it in perspective); a scan of a scanned sheet.
  const variants = kind.photo ? [{ dpi: 72 * PAPER_PIXELS_PER_POINT, sheet: paper }] : dpis.flatMap((dpi) => Array.from({ length: 8 }, () => ({ dpi, sheet: scanSheet(paper, randomGeometry(random), dpi / 72) })));
  const digits = await fontDigits(random);
  const decodeQr = await qrDecoder();
  const ctx = { secret: SECRET, decodeQr, findLayout: () => layout };
  const boxesOf = new Map(layout.fields.map((f) => [f.questionId, 'options' in f ? f.options : []]));
  const result: PartResult = {
    pages: 0,
    boxes: 0,
    fields: 0,
    wrongSilent: 0,
    wrongSilentBoxes: 0,
    fieldsReviewed: 0,
    firmFields: 0,
    firmFieldsReviewed: 0,
    unreadPages: 0,
    byMark: Object.fromEntries(MARK_KINDS.map((k) => [k, { fields: 0, wrongSilent: 0 }])),
    pencilErased: 0,
    pencilTrace: 0,
    problems: [],
    decodeMs: 0,
    omrMs: 0,
    peakRssMb: 0,
  };
  for (let p = index; p < pages; p += parts) {
    const { dpi, sheet: variant } = variants[Math.floor(random() * variants.length)];
    const encoding = kind.encoding(random);
    const sheet = { ...variant, image: { ...variant.image, data: new Uint8Array(variant.image.data) } };
    const respondent = { habits: STRESS_HABITS, digits, pencil: pencilOnScan(encoding), skipWriting: 0, printedText: 0 };
    const { choices } = await fillPage(sheet, layout, 1, random, respondent);
    // What the scan keeps of each pencil mark decides what a reader may say of it without asking.
    for (const choice of choices) {
      const mark = choice.marks.find((m) => m.kind === 'pencil');
      if (!mark) continue;
      const left = pencilLeft(variant.image, sheet, boxesOf.get(choice.questionId)!.find((o) => o.code === mark.code)!.rect, encoding);
      choice.silentReads = pencilSilentReads(mark.code, left);
      if (left === 'lost') result.pencilErased++;
      if (left === 'maybe') result.pencilTrace++;
    }
    addSpeckle(sheet.image, Math.floor(random() * 3000), random);
    const folded = random() < 0.1;
    if (folded) addFold(sheet.image, random);
    const scanned = kind.photo ? await photographPage(sheet, photoOptions(random), random) : sheet;
    const encoded = await packScanFile([scanned], encoding, kind.container);
    // Decode alone, then decode and read, of the same file: the reader's cost is the difference.
    let t = performance.now();
    await decode(encoded);
    result.decodeMs += performance.now() - t;
    t = performance.now();
    const { read } = await readPage(await decode(encoded), { ...ctx, pixelsPerPoint: kind.photo ? undefined : sheet.pixelsPerPoint });
    result.omrMs += performance.now() - t;
    result.pages++;
    judge(read, choices, result, boxesOf, `page ${p}: ${kind.label}, ${dpi} dpi, ${JSON.stringify(encoding)}${folded ? ', folded' : ''}`);
  }
  result.peakRssMb = peakRssMb();
  return result;
}

const FAR_EDGES: PhotoOptions['farEdge'][] = ['top', 'bottom', 'left', 'right'];

/** A phone held over the sheet: light from 55 to 100 %, from any side, up to 3 % keystone, turned up to 4°. */
function photoOptions(random: () => number): PhotoOptions {
  return {
    ...PHONE_PHOTO,
    light: 0.55 + random() * 0.45,
    lightAngle: random() * 360,
    keystone: random() * 0.03,
    farEdge: FAR_EDGES[Math.floor(random() * FAR_EDGES.length)],
    angle: (random() * 2 - 1) * 4,
  };
}

async function decode(file: Buffer): Promise<GrayImage> {
  const { data, info } = await sharp(file).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** A field is wrong when it was not sent to a person and its value differs from the truth (or a rule was broken silently). */
function judge(read: PageRead, truth: ChoiceTruth[], result: PartResult, boxesOf: Map<string, unknown[]>, scan: string): void {
  result.fields += truth.length;
  for (const t of truth) result.byMark[markGroup(t)].fields++;
  if (read.kind !== 'read') {
    result.boxes += truth.reduce((n, t) => n + boxesOf.get(t.questionId)!.length, 0);
    result.unreadPages++;
    result.fieldsReviewed += truth.length;
    result.problems.push(`${scan} not read: ${read.kind} ${'message' in read ? read.message : ''}`);
    return;
  }
  for (const t of truth) {
    const field = read.fields.find((f) => f.questionId === t.questionId);
    if (!field || !('boxes' in field)) throw new Error(`no read for ${t.questionId}`);
    result.boxes += field.boxes.length;
    const firm = !t.reviewAllowed;
    if (firm) result.firmFields++;
    const verdict = judgeChoice(t, field);
    if (verdict === 'reviewed') {
      result.fieldsReviewed++;
      if (firm) result.firmFieldsReviewed++;
    } else if (verdict === 'wrongSilent') {
      result.wrongSilent++;
      result.byMark[markGroup(t)].wrongSilent++;
      const likeliest = t.silentReads[0] ?? [];
      result.wrongSilentBoxes += field.boxes.filter((b) => (b.state === 'marked') !== likeliest.includes(b.code)).length || 1;
      result.problems.push(`${scan} wrong: ${JSON.stringify(t.marks)} read ${JSON.stringify(field.boxes)}`);
    }
  }
}

export async function benchOmr(): Promise<Figures> {
  const self = fileURLToPath(import.meta.url);
  const kinds = Object.keys(SCAN_KINDS);
  const byKind: Record<string, PartResult[]> = {};
  // One kind at a time, so each one's peak memory is its own.
  for (const kind of kinds) {
    byKind[kind] = await Promise.all(
      Array.from({ length: PARTS }, (_, i) =>
        new Promise<PartResult>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', self, '--part', kind, String(i)], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (c) => (out += c));
          child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`part ${kind}/${i} failed (${code})`))));
        }),
      ),
    );
  }
  type Summed = Exclude<keyof PartResult, 'problems' | 'byMark'>;
  const sumOf = (results: PartResult[], k: Summed) => results.reduce((s, r) => s + r[k], 0);
  const all = Object.values(byKind).flat();
  const sum = (k: Summed) => sumOf(all, k);
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(3)} %`;
  const silentByMark = (results: PartResult[]) =>
    MARK_KINDS.map((m) => `${m.split(' (')[0]} ${results.reduce((s, r) => s + r.byMark[m].wrongSilent, 0)}/${results.reduce((s, r) => s + r.byMark[m].fields, 0)}`).join(', ');
  const pages = sum('pages');
  const problems = all.flatMap((r) => r.problems);
  const perKind = Object.fromEntries(
    kinds.flatMap((kind) => {
      const r = byKind[kind];
      const at = `omr [${SCAN_KINDS[kind].label}]`;
      return [
        [`${at}: pages; not read`, `${sumOf(r, 'pages')}; ${sumOf(r, 'unreadPages')}`],
        [`${at}: wrong and not sent to review, by mark (wrong/questions)`, silentByMark(r)],
        [`${at}: sent to review: firm marks; all questions`, `${pct(sumOf(r, 'firmFieldsReviewed'), sumOf(r, 'firmFields'))}; ${pct(sumOf(r, 'fieldsReviewed'), sumOf(r, 'fields'))}`],
        [`${at}: light pencil the scan erased; left a speck-sized trace of`, `${sumOf(r, 'pencilErased')}; ${sumOf(r, 'pencilTrace')}`],
        [`${at}: decode + read ms/page (one core); peak RSS MB`, `${(sumOf(r, 'omrMs') / Math.max(1, sumOf(r, 'pages'))).toFixed(1)}; ${Math.max(...r.map((x) => x.peakRssMb))}`],
      ];
    }),
  );
  return {
    'omr: pages (sipas page 1, 60 boxes)': pages,
    'omr: box positions': sum('boxes'),
    'omr: wrong and not sent to review (fields)': sum('wrongSilent'),
    'omr: wrong and not sent to review (boxes)': sum('wrongSilentBoxes'),
    'omr: wrong-silent rate per box': sum('wrongSilentBoxes') === 0 ? `0 in ${sum('boxes')}` : `1 in ${Math.round(sum('boxes') / sum('wrongSilentBoxes'))}`,
    'omr: wrong and not sent to review, by mark (wrong/questions)': silentByMark(all),
    'omr: fields sent to review (all scenarios)': pct(sum('fieldsReviewed'), sum('fields')),
    'omr: firm marks sent to review (x, tick, none, cancel+mark, stray border stroke)': pct(sum('firmFieldsReviewed'), sum('firmFields')),
    'omr: box positions sent to review (firm marks)': pct(sum('firmFieldsReviewed') * 5, sum('boxes')),
    'omr: pages not read': sum('unreadPages'),
    'omr: decode only, ms/page (one core)': Number((sum('decodeMs') / pages).toFixed(1)),
    'omr: decode + read marks, ms/page (one core)': Number((sum('omrMs') / pages).toFixed(1)),
    'omr: pages/s one core (decode + read)': Number(((1000 * pages) / sum('omrMs')).toFixed(1)),
    'omr: OMR path / decode alone': Number((sum('omrMs') / sum('decodeMs')).toFixed(2)),
    'omr: peak RSS MB per process': Math.max(...all.map((r) => r.peakRssMb)),
    ...perKind,
    ...(problems.length ? { [`omr: problems (first 30 of ${problems.length})`]: problems.slice(0, 30).join(' | ') } : {}),
  };
}

const partIndex = process.argv.indexOf('--part');
if (partIndex > 0) {
  const kind = process.argv[partIndex + 1];
  part(kind, Number(process.argv[partIndex + 2]), PARTS, Math.round(PAGES / Object.keys(SCAN_KINDS).length))
    .then((r) => process.stdout.write(`${JSON.stringify(r)}\n`))
    .catch((error) => {
      process.stderr.write(`${(error as Error).stack}\n`);
      process.exit(1);
    });
} else runIfMain(import.meta, benchOmr);
