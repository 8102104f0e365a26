import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { qrDecoder } from '../../src/io/zxingWasm.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { OcrSession } from '../../src/ocr/ocrSession.js';
import { suggestText, type TextOcr } from '../../src/ocr/suggestText.js';
import { readPage } from '../../src/recognize/readPage.js';
import { seededRandom } from '../../src/sampling/random.js';
import { renderTextLine } from '../../src/demo/handwriting.js';
import { paperSheet, pasteInk } from '../../src/demo/pen.js';
import { toGray } from '../support/marks.js';
import { printedScans } from '../support/printedScans.js';
import { useTempDir } from '../support/tempDir.js';
import { surveyDefinitionSchema, type SurveyDefinition } from '../../src/survey/schema.js';

const tempDir = useTempDir();
const session = new OcrSession();
afterAll(() => session.close());

/** A printed form of the survey, scanned, with 'Nguyễn Văn An' written on its name line, read as a page. */
async function pageWithName(survey: SurveyDefinition) {
  const dataDir = tempDir();
  const layout = layoutForm(survey);
  const { files } = await printedScans(dataDir, tempDir(), survey, 1);
  const image = await toGray(fs.readFileSync(files[0]));
  const name = layout.fields.find((f) => f.questionId === 'name');
  if (name?.kind !== 'text') throw new Error(`the survey ${survey.id} has no name zone`);
  const ppp = 300 / 72;
  const ink = await renderTextLine('Nguyễn Văn An', Math.round(name.rect.w * ppp), Math.round(name.rect.h * ppp), 'printed', seededRandom('name zone'));
  pasteInk(paperSheet(image, ppp), name.rect, ink);
  const result = await readPage(image, { secret: loadOrCreateSecret(dataDir), decodeQr: await qrDecoder(), findLayout: () => layout, pixelsPerPoint: ppp });
  if (result.read.kind !== 'read') throw new Error(`the page was not read: ${result.read.kind}`);
  return { layout, read: result.read, textZones: result.textZones };
}

describe('OCR suggestions for text zones', () => {
  it('sends only the written zone of a page to OCR; the empty ones are empty answers that need no person', async () => {
    // An office that has its respondents' names typed: the name line set to `type` in its definition.
    const shipped = loadSurveyDefinition('one-stop');
    const survey = surveyDefinitionSchema.parse({
      ...shipped,
      id: 'one-stop-typed',
      sections: shipped.sections.map((s) => ({ ...s, questions: s.questions.map((q) => (q.id === 'name' ? { ...q, transcribe: 'type' } : q)) })),
    });
    const { layout, read: page, textZones } = await pageWithName(survey);
    expect(textZones.map((z) => z.questionId)).toEqual(['name']);
    const textFields = layout.fields.filter((f) => f.kind === 'text' && f.page === 1 && f.questionId !== 'name');
    expect(textFields.length).toBeGreaterThan(2);
    for (const field of textFields) {
      expect(page.fields.find((f) => f.questionId === field.questionId), field.questionId).toMatchObject({ value: '', reasons: [] });
    }

    const zonesRead: string[] = [];
    const ocr: TextOcr = {
      read: (png, lines) => {
        zonesRead.push(lines);
        return session.read(png, lines);
      },
    };
    const read = await suggestText(page, textZones, ocr);
    expect(zonesRead).toEqual(['line']);
    const suggestion = read.fields.find((f) => f.questionId === 'name');
    // A suggestion with its confidence, and still a person's to confirm.
    expect(suggestion).toMatchObject({ kind: 'text', inked: true, reasons: ['handwriting'] });
    expect(suggestion && 'confidence' in suggestion ? suggestion.confidence : null).toBeGreaterThan(60);
    expect(suggestion && 'value' in suggestion ? suggestion.value : null).toMatch(/Nguy.n V.n An/);
  });

  it("keeps what OCR reads in the shipped one-stop form's name line as searchable text only: no one is asked to type it", async () => {
    const { read: page, textZones } = await pageWithName(loadSurveyDefinition('one-stop'));
    const read = await suggestText(page, textZones, { read: (png, lines) => session.read(png, lines) });
    const field = read.fields.find((f) => f.questionId === 'name');
    // Written, with no reason for a person, no value taken as the answer, and the OCR reading kept to search by.
    expect(field).toMatchObject({ kind: 'text', inked: true, value: null, reasons: [] });
    expect(field && 'searchText' in field ? field.searchText : null).toMatch(/Nguy.n V.n An/);
  });
});
