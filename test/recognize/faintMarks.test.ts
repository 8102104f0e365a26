import { beforeAll, describe, expect, it } from 'vitest';
import { openScan } from '../../src/ingest/decode.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { qrDecoder } from '../../src/io/zxingWasm.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import type { FormLayout, Rect } from '../../src/layout/types.js';
import { readPage, type ReadContext } from '../../src/recognize/readPage.js';
import { DEFAULT_SETTINGS } from '../../src/recognize/settings.js';
import { seededRandom } from '../../src/sampling/random.js';
import { packScanFile, type PageEncoding } from '../../tools/scangen/encode.js';
import { addSpeckle } from '../../tools/scangen/faults.js';
import { STRAIGHT, scanSheet } from '../../tools/scangen/geometry.js';
import { pencilLeft } from '../../tools/scangen/pencil.js';
import { drawStroke, graphiteGrain, paperSheet, type Sheet } from '../../src/demo/pen.js';
import { PAPER_PIXELS_PER_POINT, PrintedPages } from '../../tools/scangen/printedPages.js';

const SECRET = Buffer.alloc(32, 7);
let layout: FormLayout;
let paper: Sheet;
let ctx: ReadContext;

beforeAll(async () => {
  layout = layoutForm(loadSurveyDefinition('sipas'));
  paper = paperSheet(await new PrintedPages('render').page({ layout, copy: { serial: 3, values: { office: 'UBND phường Phú Hội' } }, page: 1, secret: SECRET }), PAPER_PIXELS_PER_POINT);
  ctx = { secret: SECRET, decodeQr: await qrDecoder(), findLayout: () => layout };
}, 120_000);

const boxQuestions = () => layout.fields.filter((f) => f.page === 1 && 'options' in f).map((f) => f as Extract<FormLayout['fields'][number], { options: unknown }>);

/** A light pencil cross: lead of this grey on the paper's grain, as a hand that barely presses makes it. */
function lightPencilCross(sheet: Sheet, box: Rect, grey: number, seed: number) {
  const grain = graphiteGrain(seed);
  drawStroke(sheet, [{ x: box.x + 2, y: box.y + 2 }, { x: box.x + box.w - 2, y: box.y + box.h - 2 }], 0.7, grey, grain);
  drawStroke(sheet, [{ x: box.x + box.w - 2, y: box.y + 2 }, { x: box.x + 2, y: box.y + box.h - 2 }], 0.7, grey, grain);
}

describe('faint marks on bilevel scans', () => {
  it('never reads a light pencil cross that a 200-dpi bilevel scan kept as a dotted trace as no answer, and leaves the empty questions alone', async () => {
    const scan = scanSheet(paper, STRAIGHT, 200 / 72);
    const untouched = new Uint8Array(scan.image.data);
    const encoding: PageEncoding = { kind: 'g4', threshold: 150 };
    const questions = boxQuestions();
    // Eight questions get a light cross in their third box, each a little lighter: the scanner keeps less of each.
    const faint = questions.slice(0, 8).map((q, i) => ({ questionId: q.questionId, box: q.options[2], grey: 149 + 0.5 * i }));
    for (const [i, f] of faint.entries()) lightPencilCross(scan, f.box.rect, f.grey, 11 + i);
    const visible = faint.filter((f) => pencilLeft({ ...scan.image, data: untouched }, scan, f.box.rect, encoding) === 'kept');
    addSpeckle(scan.image, 1500, seededRandom('specks'));

    const file = await packScanFile([scan], encoding, 'tiff');
    const page = await (await openScan(file)).decodePage(0);
    const { read } = await readPage(page.image, { ...ctx, pixelsPerPoint: page.pixelsPerPoint });
    if (read.kind !== 'read') throw new Error(`page not read: ${read.kind}`);
    const fieldOf = (id: string) => read.fields.find((f) => f.questionId === id) as Extract<(typeof read.fields)[number], { boxes: unknown }>;

    // The crosses the scan kept as dotted traces, with less ink than the empty threshold: the case to prove.
    const traces = visible.filter((f) => fieldOf(f.questionId).boxes[2].score < DEFAULT_SETTINGS.checkbox.emptyBelow);
    expect(traces.length).toBeGreaterThanOrEqual(3);
    for (const f of visible) {
      const field = fieldOf(f.questionId);
      expect(field.value.includes('3') || field.reasons.includes('marginalMark'), `${f.questionId} (grey ${f.grey}): ${JSON.stringify(field.boxes[2])}`).toBe(true);
    }
    for (const q of questions.filter((q) => !faint.some((f) => f.questionId === q.questionId))) {
      expect(fieldOf(q.questionId), q.questionId).toMatchObject({ value: [], reasons: [] });
    }
  });
});
