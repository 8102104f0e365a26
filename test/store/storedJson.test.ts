import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PhieuError } from '../../src/errors/errorTable.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { effectiveAnswers } from '../../src/store/answers.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { findLayout, saveLayout } from '../../src/store/printRuns.js';
import { electronicResponseRows } from '../../src/store/results.js';
import { beginScanFile } from '../../src/store/scans.js';
import { printedForms, scannedPage } from '../results/paperForms.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

/** What a refusal of stored JSON says: its code, and the table and row it names. */
function refusal(run: () => unknown): { code: string; table: unknown; row: unknown; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof PhieuError) return { code: error.code, table: (error.params as { table?: unknown }).table, row: (error.params as { row?: unknown }).row, message: error.message };
    throw error;
  }
  throw new Error('nothing was refused');
}

/** A page row stored as an earlier phieu (or a damaged disk) left it: the JSON is given as it is. */
function pageRowWith(db: Db, serial: number, readJson: string): number {
  const sha256 = createHash('sha256').update(readJson).digest('hex');
  beginScanFile(db, { sha256, name: 'cu.pdf', size: 1, source: 'cli' }, 1);
  return Number(
    db
      .prepare(`INSERT INTO pages (file_sha256, page_index, outcome, serial, page_number, survey_id, layout_hash, read_json) VALUES (?, 0, 'read', ?, 2, 'quick', 'h', ?)`)
      .run(sha256, serial, readJson).lastInsertRowid,
  );
}

describe('stored JSON read through versioned schemas', () => {
  it('refuses a damaged layout snapshot, naming the table and the layout, instead of handing it on', () => {
    const db = openDatabase(tempDir());
    const survey = loadSurveyDefinition('quick');
    const layout = layoutForm(survey);
    saveLayout(db, survey, layout);
    expect(findLayout(db, layout.hash)).toEqual({ survey, layout });
    db.prepare('UPDATE layouts SET layout_json = ? WHERE hash = ?').run(JSON.stringify({ ...layout, pages: [{ number: 1 }] }), layout.hash);
    const refused = refusal(() => findLayout(db, layout.hash));
    expect(refused).toMatchObject({ code: 'storedJsonDamaged', table: 'layouts', row: layout.hash });
    expect(refused.message).toMatch(/layouts/);
    expect(refused.message).toContain(layout.hash);
  });

  it('refuses a damaged page read, naming the page, where answers are taken from it', () => {
    const db = openDatabase(tempDir());
    const form = printedForms(db, 'quick', { caseCodes: [null] });
    scannedPage(db, { surveyId: 'quick', layoutHash: form.layoutHash, serial: form.serials[0], page: 1, pageCount: form.pageCount }, {});
    expect(() => effectiveAnswers(db)).not.toThrow();
    const damaged = pageRowWith(db, form.serials[0], JSON.stringify({ kind: 'read', fields: [{ questionId: 'q1', kind: 'single', value: 'not a list', reasons: [] }] }));
    const refused = refusal(() => effectiveAnswers(db));
    expect(refused).toMatchObject({ code: 'storedJsonDamaged', table: 'pages', row: damaged });
    expect(refused.message).toContain(`pages`);
  });

  it('refuses a page read whose written value, box scores or printed page count are damaged, where answers are taken from it', () => {
    const damages = [
      { kind: 'read', fields: [{ questionId: 'comment', kind: 'text', value: 42, inked: true, reasons: [] }] },
      { kind: 'read', fields: [{ questionId: 'q1', kind: 'single', boxes: [{ code: '1', score: 'đậm' }], value: ['1'], reasons: [] }] },
      { kind: 'read', fields: [{ questionId: 'q1', kind: 'tick', value: ['1'], reasons: [] }] },
      { kind: 'read', qr: { surveyId: 'quick', layoutHash: 'h', serial: 1, page: 2, pageCount: 'hai' }, fields: [] },
    ];
    for (const read of damages) {
      const db = openDatabase(tempDir());
      const form = printedForms(db, 'quick', { caseCodes: [null] });
      const damaged = pageRowWith(db, form.serials[0], JSON.stringify(read));
      expect(refusal(() => effectiveAnswers(db))).toMatchObject({ code: 'storedJsonDamaged', table: 'pages', row: damaged });
    }
  });

  it('reads a page stored before reads carried a version as version 1, and stores new reads with their version', () => {
    const db = openDatabase(tempDir());
    const form = printedForms(db, 'quick', { caseCodes: [null, null] });
    const oldField = { questionId: 'overall', kind: 'scale', boxes: [], value: ['4'], reasons: [] };
    pageRowWith(db, form.serials[0], JSON.stringify({ kind: 'read', fields: [oldField] }));
    expect(effectiveAnswers(db).map((a) => [a.serial, a.questionId, a.value])).toEqual([[form.serials[0], 'overall', ['4']]]);
    scannedPage(db, { surveyId: 'quick', layoutHash: form.layoutHash, serial: form.serials[1], page: 1, pageCount: form.pageCount }, {});
    expect(db.prepare("SELECT json_extract(read_json, '$.version') AS version FROM pages WHERE serial = ?").get(form.serials[1])).toEqual({ version: 1 });
  });

  it('refuses a read written by a newer phieu rather than guess at it', () => {
    const db = openDatabase(tempDir());
    const form = printedForms(db, 'quick', { caseCodes: [null] });
    const page = pageRowWith(db, form.serials[0], JSON.stringify({ version: 2, kind: 'read', fields: [] }));
    expect(refusal(() => effectiveAnswers(db))).toMatchObject({ code: 'storedJsonDamaged', table: 'pages', row: page });
  });

  it('refuses a damaged survey definition stored with a layout, naming the table and the layout', () => {
    const db = openDatabase(tempDir());
    const survey = loadSurveyDefinition('quick');
    const layout = layoutForm(survey);
    saveLayout(db, survey, layout);
    db.prepare('UPDATE layouts SET definition_json = ? WHERE hash = ?').run(JSON.stringify({ ...survey, sections: 'none' }), layout.hash);
    const refused = refusal(() => findLayout(db, layout.hash));
    expect(refused).toMatchObject({ code: 'storedJsonDamaged', table: 'layouts', row: layout.hash });
    expect(refused.message).toContain(layout.hash);
  });

  it('refuses damaged electronic answers, naming the response, instead of counting them', () => {
    const db = openDatabase(tempDir());
    const insert = db.prepare(`INSERT INTO electronic_responses (source, external_id, survey_id, submitted_at, answers_json) VALUES ('vneid', ?, 'quick', '2026-01-02T08:00:00', ?)`);
    insert.run('a', JSON.stringify({ overall: ['4'], comment: 'Tốt', name: null }));
    expect(electronicResponseRows(db, 'quick').map((r) => r.answers)).toEqual([{ overall: ['4'], comment: 'Tốt', name: null }]);
    for (const answers of [{ overall: { score: 4 } }, { overall: [4] }, [['4']]]) {
      const damaged = Number(insert.run(`b${JSON.stringify(answers)}`, JSON.stringify(answers)).lastInsertRowid);
      expect(refusal(() => electronicResponseRows(db, 'quick'))).toMatchObject({ code: 'storedJsonDamaged', table: 'electronic_responses', row: damaged });
      db.prepare('DELETE FROM electronic_responses WHERE id = ?').run(damaged);
    }
  });

  it('refuses a damaged correction, naming the correction, where answers are taken from it', () => {
    const db = openDatabase(tempDir());
    const form = printedForms(db, 'quick', { caseCodes: [null] });
    scannedPage(db, { surveyId: 'quick', layoutHash: form.layoutHash, serial: form.serials[0], page: 1, pageCount: form.pageCount }, { q1: ['1'] });
    const correct = db.prepare(`INSERT INTO corrections (serial, question_id, value_json, reviewer) VALUES (?, 'q1', ?, 'an')`);
    correct.run(form.serials[0], JSON.stringify(['2']));
    expect(effectiveAnswers(db).find((a) => a.questionId === 'q1')?.value).toEqual(['2']);
    const damaged = Number(correct.run(form.serials[0], JSON.stringify({ codes: ['2'] })).lastInsertRowid);
    const refused = refusal(() => effectiveAnswers(db));
    expect(refused).toMatchObject({ code: 'storedJsonDamaged', table: 'corrections', row: damaged });
    expect(refused.message).toContain('corrections');
  });
});
