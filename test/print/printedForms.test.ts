import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openScan } from '../../src/ingest/decode.js';
import { qrDecoder } from '../../src/io/zxingWasm.js';
import { loadSurveyDefinitions } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { printForms } from '../../src/print/printForms.js';
import { decodeQrPayload } from '../../src/qr/payload.js';
import { optionsOf, SATISFACTION_SCALE, type SurveyDefinition } from '../../src/survey/schema.js';

const secret = Buffer.alloc(32, 11);

async function printed(survey: SurveyDefinition, serial: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await printForms(layoutForm(survey), [{ serial, values: { office: 'UBND xã Hương Long' } }], new PassThrough().on('data', (c: Buffer) => chunks.push(c)), { secret });
  return Buffer.concat(chunks);
}

/** Every string a person reads on the form, as the definition gives it. */
function stringsOf(survey: SurveyDefinition): string[] {
  const strings = [survey.title, survey.instructions, survey.subtitle, survey.closing, survey.signature?.dateLine, survey.signature?.signer];
  for (const section of survey.sections) {
    strings.push(section.heading, section.note);
    for (const q of section.questions) {
      strings.push(q.text);
      if (q.kind !== 'scale') strings.push(...optionsOf(q).map((o) => o.label));
    }
  }
  if (survey.sections.some((section) => section.questions.some((q) => q.kind === 'scale'))) strings.push(...SATISFACTION_SCALE.map((o) => o.label));
  return strings.filter((s): s is string => Boolean(s));
}

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, '');

describe('printed forms', () => {
  for (const survey of loadSurveyDefinitions().values()) {
    it(`${survey.id}: every string of the definition comes back from the PDF's text with its diacritics`, async () => {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const doc = await pdfjs.getDocument({ data: new Uint8Array(await printed(survey, 1)), isEvalSupported: false, verbosity: 0 }).promise;
      let text = '';
      for (let i = 1; i <= doc.numPages; i++) text += (await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
      await doc.destroy();
      // Lines are broken by the layout, so compare without white space.
      for (const s of stringsOf(survey)) expect(squash(text), s).toContain(squash(s));
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    });

    it(`${survey.id}: each page rendered at 300 dpi yields a QR that decodes and verifies`, async () => {
      const layout = layoutForm(survey);
      const scan = await openScan(await printed(survey, 4242));
      expect(scan.pageCount).toBe(layout.pages.length);
      const decodeQr = await qrDecoder();
      for (let page = 1; page <= scan.pageCount; page++) {
        const { image } = await scan.decodePage(page - 1);
        expect(image.width).toBe(2480);
        const [symbol] = await decodeQr(image, { thorough: true });
        expect(decodeQrPayload(symbol.text, secret)).toEqual({
          ok: true,
          payload: { surveyId: survey.id, layoutHash: layout.hash, serial: 4242, page, pageCount: layout.pages.length },
        });
      }
    });
  }
});
