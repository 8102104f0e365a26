import type { FormLayout } from '../../src/layout/types.js';
import type { GrayImage } from '../../src/image/grayImage.js';
import { seededRandom } from '../../src/sampling/random.js';
import { packScanFile } from '../../tools/scangen/encode.js';
import { fillPage } from '../../src/demo/fillPage.js';
import type { DigitSource } from '../../src/demo/handwriting.js';
import { paperSheet, type Sheet } from '../../src/demo/pen.js';
import { PHONE_PHOTO, photographPage, type PhotoOptions } from '../../tools/scangen/photo.js';
import { PAPER_PIXELS_PER_POINT, PrintedPages } from '../../tools/scangen/printedPages.js';
import { EVERYDAY_HABITS, type ChoiceTruth } from '../../src/demo/respondent.js';

/**
 * Page 1 of a copy of our own print, filled in, photographed and stored as a phone stores it (JPEG, 72 dpi); `frame`
 * may cut the photo. Returns the file and the truth of its box questions.
 */
export async function phonePhotoOfFilledForm(request: {
  layout: FormLayout;
  serial: number;
  secret: Buffer;
  printed: PrintedPages;
  digits: DigitSource;
  photo: Partial<PhotoOptions>;
  frame?: (image: GrayImage) => GrayImage;
  /** Something done to the paper before it is photographed (a sticker, a corner covered). */
  onPaper?: (paper: Sheet) => void;
}): Promise<{ jpeg: Buffer; choices: ChoiceTruth[] }> {
  const { layout, serial, secret } = request;
  const paper = paperSheet(await request.printed.page({ layout, copy: { serial, values: { office: 'UBND phường Phú Hội' } }, page: 1, secret }), PAPER_PIXELS_PER_POINT);
  const random = seededRandom(`phone photo ${serial}`);
  const { choices } = await fillPage(paper, layout, 1, random, { habits: EVERYDAY_HABITS, digits: request.digits, pencil: 'kept', skipWriting: 0.1, printedText: 0.2 });
  request.onPaper?.(paper);
  const photo = await photographPage(paper, { ...PHONE_PHOTO, ...request.photo }, random);
  const image = request.frame ? request.frame(photo.image) : photo.image;
  return { jpeg: await packScanFile([{ image, pixelsPerPoint: 1 }], { kind: 'jpeg', quality: 80 }, 'jpeg'), choices };
}
