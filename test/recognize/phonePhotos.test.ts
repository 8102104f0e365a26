import { beforeAll, describe, expect, it } from 'vitest';
import { openScan } from '../../src/ingest/decode.js';
import { qrDecoder } from '../../src/io/zxingWasm.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { MM, type Rect } from '../../src/layout/types.js';
import { crop, type GrayImage } from '../../src/image/grayImage.js';
import { readPage, type PageRead, type ReadContext } from '../../src/recognize/readPage.js';
import { seededRandom } from '../../src/sampling/random.js';
import { fontDigits } from '../../src/demo/handwriting.js';
import { judgeChoice, type ChoiceVerdict } from '../../tools/scangen/judge.js';
import type { PhotoOptions } from '../../tools/scangen/photo.js';
import type { Sheet } from '../../src/demo/pen.js';
import { PrintedPages } from '../../tools/scangen/printedPages.js';
import type { ChoiceTruth } from '../../src/demo/respondent.js';
import { phonePhotoOfFilledForm } from '../support/phonePhotos.js';

const layout = layoutForm(loadSurveyDefinition('sipas'));
const secret = Buffer.alloc(32, 7);
let ctx: Omit<ReadContext, 'pixelsPerPoint'>;

beforeAll(async () => {
  ctx = { secret, decodeQr: await qrDecoder(), findLayout: (hash) => (hash === layout.hash ? layout : undefined) };
});

/** Ten photos lit from 55 to 100 %, 3 % keystone: the light falling off every way, the far edge on each side, the page turned either way. */
const PHOTOS: Partial<PhotoOptions>[] = [
  { lightAngle: 0, farEdge: 'top', angle: 0 },
  { lightAngle: 225, farEdge: 'top', angle: -3 },
  { lightAngle: 90, farEdge: 'bottom', angle: 2 },
  { lightAngle: 180, farEdge: 'left', angle: -1.5 },
  { lightAngle: 270, farEdge: 'right', angle: 4 },
  { lightAngle: 45, farEdge: 'top', angle: 1 },
  { lightAngle: 135, farEdge: 'bottom', angle: -4 },
  { lightAngle: 315, farEdge: 'left', angle: 3 },
  { lightAngle: 200, farEdge: 'right', angle: -2.5 },
  { lightAngle: 10, farEdge: 'top', angle: 5, light: 0.6 },
];

/** A phone photo of a filled-in copy, read as ingest reads it: decoded from its JPEG at the resolution the file gives. */
async function photographed(
  serial: number,
  photo: Partial<PhotoOptions>,
  printed: PrintedPages,
  change: { frame?: (image: GrayImage) => GrayImage; onPaper?: (paper: Sheet) => void } = {},
): Promise<{ read: PageRead; choices: ChoiceTruth[] }> {
  const { jpeg, choices } = await phonePhotoOfFilledForm({ layout, serial, secret, printed, digits: await fontDigits(seededRandom('digits')), photo, ...change });
  const decoded = await (await openScan(jpeg)).decodePage(0);
  return { read: (await readPage(decoded.image, { ...ctx, pixelsPerPoint: decoded.pixelsPerPoint })).read, choices };
}

describe('phone photos of filled-in forms', () => {
  it('reads at least 9 of 10 photos lit from 55 to 100 % with 3 % keystone, with no box read wrong in silence; a refused photo says to retake it', async () => {
    const printed = new PrintedPages('stamp');
    const verdicts: Record<ChoiceVerdict, number> = { right: 0, reviewed: 0, wrongSilent: 0 };
    const outcomes: string[] = [];
    const refusals: string[] = [];
    for (const [i, photo] of PHOTOS.entries()) {
      const { read, choices } = await photographed(100 + i, photo, printed);
      outcomes.push(read.kind === 'unreadable' ? `${read.kind}: ${read.message}` : read.kind);
      if (read.kind === 'unreadable') refusals.push(read.message);
      if (read.kind !== 'read') continue;
      expect(read.qr).toMatchObject({ serial: 100 + i, page: 1 });
      for (const choice of choices) {
        const field = read.fields.find((f) => f.questionId === choice.questionId);
        if (!field || !('boxes' in field)) throw new Error(`no read of ${choice.questionId}`);
        const verdict = judgeChoice(choice, field);
        verdicts[verdict]++;
        if (verdict === 'wrongSilent') outcomes.push(`photo ${i} ${choice.questionId}: marks ${JSON.stringify(choice.marks)}, read ${JSON.stringify(field.value)}`);
      }
    }
    expect(outcomes.filter((o) => o === 'read').length, outcomes.join('\n')).toBeGreaterThanOrEqual(9);
    expect(verdicts.wrongSilent, outcomes.join('\n')).toBe(0);
    // Most questions are read without a person: the light is evened out, not merely sent to review.
    expect(verdicts.right).toBeGreaterThan(verdicts.reviewed * 3);
    for (const message of refusals) expect(message).toMatch(/chụp lại/);
  }, 180_000);

  it('reads photos seen in steeper perspective, the far edge 6 % shorter at each end, with the QR on the near or the far side', async () => {
    const printed = new PrintedPages('stamp');
    const steep = PHOTOS.filter((p) => p.farEdge === 'bottom' || p.farEdge === 'right').map((p) => ({ ...p, keystone: 0.06 }));
    const reads = [];
    for (const [i, photo] of steep.entries()) reads.push((await photographed(200 + i, photo, printed)).read);
    expect(reads.map((r) => (r.kind === 'unreadable' ? r.message : r.kind))).toEqual(steep.map(() => 'read'));
  }, 120_000);

  it('refuses a photo taken too far away for its QR code to be read, asking for a closer, better lit picture', async () => {
    const { read } = await photographed(100, { ...PHOTOS[1], pixelsPerPoint: 1.6, blur: 1.2 }, new PrintedPages('stamp'));
    expect(read).toMatchObject({ kind: 'unreadable', reason: 'noCode', message: expect.stringMatching(/^Không thấy mã QR của phiếu trên ảnh\. Nếu đây là phiếu khảo sát: hãy chụp lại gần hơn/) });
  });

  it('refuses, rather than reads through the wrong marks, a photo whose top-right mark is covered with a black square near it', async () => {
    const onPaper = (paper: Sheet) => {
      const mark = layout.pages[0].marks[1];
      const paint = (rect: Rect, grey: number) => {
        for (let y = Math.round(rect.y * paper.pixelsPerPoint); y < (rect.y + rect.h) * paper.pixelsPerPoint; y++) paper.image.data.fill(grey, y * paper.image.width + Math.round(rect.x * paper.pixelsPerPoint), y * paper.image.width + Math.round((rect.x + rect.w) * paper.pixelsPerPoint));
      };
      paint({ x: mark.x - 1, y: mark.y - 1, w: mark.w + 2, h: mark.h + 2 }, 255);
      paint({ ...mark, x: mark.x - 15 * MM, y: mark.y + 25 * MM }, 20);
    };
    const { read } = await photographed(100, PHOTOS[2], new PrintedPages('stamp'), { onPaper });
    expect(read).toMatchObject({ kind: 'unreadable', reason: 'retakePhoto', message: expect.stringMatching(/Chỉ \d+ % số viền ô in nằm đúng chỗ theo các dấu định vị/) });
  });

  it('refuses a photo that leaves out the left of the page, telling the staff in Vietnamese how to take it again', async () => {
    const { read } = await photographed(100, PHOTOS[0], new PrintedPages('stamp'), { frame: (image) => crop(image, image.width * 0.15, 0, image.width * 0.85, image.height) });
    expect(read).toMatchObject({ kind: 'unreadable', reason: 'retakePhoto', qr: { serial: 100 } });
    if (read.kind === 'unreadable') expect(read.message).toMatch(/^Ảnh chụp không đọc được: hãy chụp lại với ánh sáng đều hơn, giữ điện thoại song song với trang giấy/);
  });
});
