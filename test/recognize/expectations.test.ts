import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhieuError } from '../../src/errors/errorTable.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { qrDecoder } from '../../src/io/zxingWasm.js';
import type { FormLayout } from '../../src/layout/types.js';
import { readPage, type FieldRead, type PageRead, type ReadContext } from '../../src/recognize/readPage.js';
import { openDatabase } from '../../src/store/db.js';
import { findLayout } from '../../src/store/printRuns.js';
import { canonicalAnswer } from '../../src/survey/answerValue.js';
import { questionsOf, surveyDefinitionSchema } from '../../src/survey/schema.js';
import { drawMarks, toGray, type Mark } from '../support/marks.js';
import { printedScans } from '../support/printedScans.js';

// The SIPAS form as it was printed before the wishes question was added: forms printed then are still in the field.
const oldSipas = surveyDefinitionSchema.parse(JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../fixtures/forms/sipas-2024.json'), 'utf8')));

let dataDir: string;
let layouts: Map<string, FormLayout>;
let ctx: ReadContext;
let current: { layout: FormLayout; pages: Buffer[] };
let old: { layout: FormLayout; pages: Buffer[] };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'phieu-wishes-'));
  const printed = async (survey: string | typeof oldSipas, dir: string) => {
    const { files } = await printedScans(dataDir, path.join(dataDir, dir), survey, 1);
    return files.map((f) => fs.readFileSync(f));
  };
  const newPages = await printed('sipas', 'new');
  const oldPages = await printed(oldSipas, 'old');
  const db = openDatabase(dataDir);
  layouts = new Map((db.prepare('SELECT hash FROM layouts').all() as { hash: string }[]).map(({ hash }) => [hash, findLayout(db, hash)!.layout]));
  db.close();
  const byQuestion = (id: string) => [...layouts.values()].find((l) => l.fields.some((f) => f.questionId === id));
  current = { layout: byQuestion('expectations')!, pages: newPages };
  old = { layout: [...layouts.values()].find((l) => l !== current.layout)!, pages: oldPages };
  ctx = { secret: loadOrCreateSecret(dataDir), decodeQr: await qrDecoder(), findLayout: (hash) => layouts.get(hash), pixelsPerPoint: 300 / 72 };
}, 180_000);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function field(read: PageRead, id: string): Extract<FieldRead, { boxes: unknown }> | undefined {
  if (read.kind !== 'read') throw new Error(`page not read: ${JSON.stringify(read)}`);
  return read.fields.find((x) => x.questionId === id) as Extract<FieldRead, { boxes: unknown }> | undefined;
}

const wishes = (...codes: string[]): Mark[] => codes.map((code) => ({ questionId: 'expectations', code, kind: 'x' }));

/** The page of a layout that holds a question, and its scan. */
function pageWith(form: { layout: FormLayout; pages: Buffer[] }, questionId: string): Buffer {
  return form.pages[form.layout.fields.find((f) => f.questionId === questionId)!.page - 1];
}

describe('the wishes question (mong đợi) on the printed SIPAS form', () => {
  it('prints six boxes with a limit of three, and the form still takes two pages', () => {
    const wishesField = current.layout.fields.find((f) => f.questionId === 'expectations')!;
    expect(wishesField).toMatchObject({ kind: 'multiple', maxChoices: 3 });
    expect('options' in wishesField && wishesField.options.map((o) => o.code)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(current.layout.pages).toHaveLength(2);
  });

  it('reads up to three marks as the answer, with nothing for a person to check', async () => {
    const page = pageWith(current, 'expectations');
    for (const codes of [['2'], ['1', '4'], ['1', '3', '6']]) {
      const { read } = await readPage(await toGray(await drawMarks(page, current.layout, wishes(...codes))), ctx);
      expect(field(read, 'expectations')).toMatchObject({ value: codes, reasons: [] });
    }
  });

  it('sends four marks to a person, as too many answers', async () => {
    const { read } = await readPage(await toGray(await drawMarks(pageWith(current, 'expectations'), current.layout, wishes('1', '2', '4', '5'))), ctx);
    expect(field(read, 'expectations')).toMatchObject({ value: ['1', '2', '4', '5'], reasons: ['tooManyAnswers'] });
    expect(read.kind === 'read' && read.needsReview).toBe(true);
  });

  it('takes a reviewer\u2019s answer of at most three options, and refuses four', () => {
    const question = questionsOf(loadSurveyDefinition('sipas')).find((q) => q.id === 'expectations')!;
    expect(canonicalAnswer(question, ['6', '1', '3'])).toEqual(['1', '3', '6']);
    expect(canonicalAnswer(question, [])).toEqual([]);
    expect(() => canonicalAnswer(question, ['1', '2', '3', '4'])).toThrow(PhieuError);
  });

  it('still reads a form printed before the question existed, with its own layout', async () => {
    expect(old.layout.hash).not.toBe(current.layout.hash);
    expect(old.layout.fields.some((f) => f.questionId === 'expectations')).toBe(false);
    const marks: Mark[] = [{ questionId: 'a1', code: '4', kind: 'x' }, { questionId: 'b2', code: '5', kind: 'x' }];
    const { read } = await readPage(await toGray(await drawMarks(old.pages[0], old.layout, marks)), ctx);
    expect(read).toMatchObject({ kind: 'read', qr: { layoutHash: old.layout.hash, page: 1 } });
    expect(field(read, 'a1')).toMatchObject({ value: ['4'], reasons: [] });
    expect(field(read, 'b2')).toMatchObject({ value: ['5'], reasons: [] });
    const page2 = await readPage(await toGray(await drawMarks(old.pages[1], old.layout, [{ questionId: 'gender', code: '2', kind: 'x' }])), ctx);
    expect(field(page2.read, 'gender')).toMatchObject({ value: ['2'], reasons: [] });
    expect(field(page2.read, 'expectations')).toBeUndefined();
  });
});
