import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { digitClassifier } from '../../src/handwriting/digitClassifier.js';
import { decideDigitField, readDigitCell, type DigitCellRead, type DigitFieldKind } from '../../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import type { FieldRead } from '../../src/recognize/readPage.js';
import { checkVietnamesePhone } from '../../src/phone/vietnamesePhone.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { registerCsv } from '../../src/sampling/demoRegister.js';
import { officeCodeOf } from '../../src/sampling/offices.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { beginScanFile } from '../../src/store/scans.js';
import { storePage } from '../../src/ingest/storePage.js';
import { resultsReport } from '../../src/report/resultsReport.js';
import { decide } from '../../src/review/queue.js';
import { importElectronic } from '../../src/intake/electronicImport.js';
import { loadMapping } from '../../src/io/mappingFiles.js';
import { printedForms, registerCases } from '../results/paperForms.js';
import { digitCell, loadMnistTestSplit } from '../support/handwrittenCells.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const S = HANDWRITING_SETTINGS;
let cells: DigitCellRead[][];

beforeAll(() => {
  const classify = digitClassifier();
  cells = Array.from({ length: 10 }, () => []);
  for (const d of loadMnistTestSplit().slice(0, 1500)) cells[d.label].push(readDigitCell(digitCell(d), 246, classify, S));
}, 600_000);

const sure = (d: number) => cells[d].find((c) => c.digit === String(d) && c.confidence >= 0.999)!;
/** A cell of `d` the reader reads rightly but not surely, with a runner-up digit it gives at least 1 %. */
const doubtful = (d: number) => cells[d].find((c) => c.digit === String(d) && c.confidence < S.digits.acceptFrom && c.probabilities![d] >= 0.6 && secondOf(c, d).p >= 0.01)!;
const secondOf = (c: DigitCellRead, d: number) => c.probabilities!.map((p, digit) => ({ p, digit })).filter((o) => o.digit !== d).sort((a, b) => b.p - a.p)[0];
const written = (digits: string, doubtAt: number) => [...digits].map((c, i) => (i === doubtAt ? doubtful(Number(c)) : sure(Number(c))));
/** 0912345678 with its 9 in doubt against a digit no mobile prefix allows there: numbering leaves one likely reading. */
const numberingSettles = () => {
  const reads = [...'0912345678'].map((c) => sure(Number(c)));
  reads[1] = cells[9].find((c) => c.digit === '9' && c.confidence < S.digits.acceptFrom && secondOf(c, 9).p >= 0.01 && !checkVietnamesePhone(`0${secondOf(c, 9).digit}12345678`).ok)!;
  return reads;
};
const digitsField = (questionId: string, reads: DigitCellRead[], kind: DigitFieldKind): FieldRead => ({ questionId, kind: 'digits', ...decideDigitField(reads, kind, S) });

function storeRead(db: Db, form: { surveyId: string; layoutHash: string; serial: number; pageCount: number }, fields: FieldRead[]): void {
  const sha256 = createHash('sha256').update(String(form.serial)).digest('hex');
  beginScanFile(db, { sha256, name: `scan-${form.serial}.pdf`, size: 1, source: 'cli' }, 1);
  const qr = { surveyId: form.surveyId, layoutHash: form.layoutHash, serial: form.serial, page: 1, pageCount: form.pageCount };
  storePage(db, { sha256, pageIndex: 0, clips: [], read: { kind: 'read', qr, turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields, needsReview: true } });
}

const itemsOf = (db: Db, serial: number) => db.prepare('SELECT question_id AS questionId, reason FROM review_items WHERE serial = ?').all(serial) as { questionId: string; reason: string }[];
const storedValue = (db: Db, serial: number, questionId: string) => {
  const { read_json } = db.prepare('SELECT read_json FROM pages WHERE serial = ?').get(serial) as { read_json: string };
  return (JSON.parse(read_json) as { fields: FieldRead[] }).fields.find((f) => f.questionId === questionId)!;
};

const queuesOf = (db: Db, serial: number) => db.prepare('SELECT queue FROM review_items WHERE serial = ?').pluck().all(serial);
/** How the counting rules see a form now, and what they decide for it. */
function countingOf(db: Db, survey: Parameters<typeof resultsReport>[1], serial: number) {
  const { input, outcomes } = resultsReport(db, survey);
  return { response: input.responses.find((r) => r.key === `paper:${serial}`)!, outcome: outcomes.get(`paper:${serial}`) };
}

function staffPhone(db: Db, phone: string): void {
  const importId = Number(db.prepare(`INSERT INTO staff_imports (file_name, sha256, rows_read, rows_kept, rows_bad, actor) VALUES ('cb.csv', ?, 1, 1, 0, 'test')`).run(phone).lastInsertRowid);
  db.prepare('INSERT INTO staff_members (name, phone, import_id) VALUES (?, ?, ?)').run('Cán bộ', phone, importId);
}

describe('storing a page weighs its doubtful digit fields against what is known', () => {
  it('makes no review item for a quick form case code the office register settles', () => {
    const db = openDatabase(tempDir());
    registerCases(db, ['460125003817', '460125093817', '460125111111'].map((caseCode) => ({ caseCode, officeCode: 'X01', officeName: 'Phường Một', level: 'xa' })));
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'quick', { officeCode: 'X01', caseCodes: [null] });
    const reads = [...'460125003817'].map((c) => sure(Number(c)));
    reads[11] = cells[7].find((c) => c.digit === '7' && c.confidence < S.digits.acceptFrom && c.probabilities![7] >= 0.97)!;
    const field = digitsField('case_code', reads, { kind: 'digits', format: 'caseCode' });
    expect(field.reasons).toContain('doubtfulDigit');
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[0], pageCount }, [field]);
    expect(itemsOf(db, serials[0])).toEqual([]);
    expect(storedValue(db, serials[0], 'case_code')).toMatchObject({ value: '460125003817', settledBy: 'register' });
  });

  it('makes no review item for a doubtful phone numbering settles and no reading of which could change a count, and one when it is a staff phone', () => {
    const db = openDatabase(tempDir());
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'one-stop', { caseCodes: [null, null] });
    const field = digitsField('phone', numberingSettles(), { kind: 'digits', format: 'phone' });
    expect(field.reasons).toContain('doubtfulDigit');

    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[0], pageCount }, [field]);
    expect(itemsOf(db, serials[0])).toEqual([]);
    expect(storedValue(db, serials[0], 'phone')).toMatchObject({ value: '0912345678', settledBy: 'noCountingChange' });

    staffPhone(db, '0912345678');
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[1], pageCount }, [field]);
    expect(itemsOf(db, serials[1])).toEqual([{ questionId: 'phone', reason: 'doubtfulDigit' }]);
    expect((storedValue(db, serials[1], 'phone') as { candidates?: string[] }).candidates).toEqual(expect.arrayContaining(['0912345678']));
  });

  it('puts a doubtful phone with two likely valid readings, neither changing a count, to be typed without holding its form out of the count', () => {
    const db = openDatabase(tempDir());
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'one-stop', { caseCodes: [null] });
    const reads = written('0912345678', 7);
    const other = `0912345${secondOf(reads[7], 6).digit}78`;
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[0], pageCount }, [digitsField('phone', reads, { kind: 'digits', format: 'phone' })]);
    expect(itemsOf(db, serials[0])).toEqual([{ questionId: 'phone', reason: 'doubtfulDigit' }]);
    expect(queuesOf(db, serials[0])).toEqual(['transcription']);
    expect((storedValue(db, serials[0], 'phone') as { candidates?: string[] }).candidates).toEqual(expect.arrayContaining(['0912345678', other]));

    const counting = () => countingOf(db, survey, serials[0]);
    expect(counting().outcome).toEqual({ counted: true });
    // Not yet typed, the phone is none of its readings: it is nobody's phone in the counting rules.
    expect(counting().response).toMatchObject({ ownPhone: null, phones: [] });
    // A staff list imported after the page was read makes one reading a staff phone: the form waits for the phone.
    staffPhone(db, other);
    expect(counting().outcome).toEqual({ counted: false, reason: 'phoneToType' });
  });
});

describe('a quick form case code the register cannot settle', () => {
  it('is typed without holding its form out of the count while no reading is a case answered elsewhere, and holds it once one is', () => {
    const db = openDatabase(tempDir());
    const reads = written('460125003817', 9);
    const rival = `460125003${secondOf(reads[9], 8).digit}17`;
    registerCases(db, ['460125003817', rival, '460125111111'].map((caseCode) => ({ caseCode, officeCode: 'X01', officeName: 'Phường Một', level: 'xa' })));
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'quick', { officeCode: 'X01', caseCodes: [null, null, null] });
    const caseField = (r: DigitCellRead[]) => digitsField('case_code', r, { kind: 'digits', format: 'caseCode' });
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[0], pageCount }, [caseField(reads)]);
    expect(queuesOf(db, serials[0])).toEqual(['transcription']);
    expect((storedValue(db, serials[0], 'case_code') as { caseReadings?: string[] }).caseReadings).toEqual(expect.arrayContaining(['460125003817', rival]));

    const counting = () => countingOf(db, survey, serials[0]);
    expect(counting().outcome).toEqual({ counted: true });
    // Not yet typed, the code is none of its cases: the form counts for the office it was printed for, with no case.
    expect(counting().response).toMatchObject({ officeCode: 'X01', caseCode: null, phones: [] });
    // Another form then answers one of the cases it may be: it waits for its code to be typed.
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[1], pageCount }, [caseField([...rival].map((c) => sure(Number(c))))]);
    expect(counting().outcome).toEqual({ counted: false, reason: 'caseToType' });
    // The same doubtful code read after that goes to a person in the counting queue.
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[2], pageCount }, [caseField(reads)]);
    expect(queuesOf(db, serials[2])).toEqual(['counting']);
  });

  it("goes to a person when a reading is the case of someone whose other cases, written on quick forms as digits where the register writes dots, reach the forms limit", () => {
    const db = openDatabase(tempDir());
    const reads = written('460125003817', 9);
    const rival = `460125003${secondOf(reads[9], 8).digit}17`;
    const theirs = ['460125.11.1111', '460125.22.2222'];
    registerCases(db, [
      { caseCode: '460125.00.3817', officeCode: 'X01', officeName: 'Phường Một', level: 'xa', phone: '0983456712' },
      ...[rival, ...theirs].map((caseCode) => ({ caseCode, officeCode: 'X01', officeName: 'Phường Một', level: 'xa', phone: '0912345678' })),
    ]);
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'quick', { officeCode: 'X01', caseCodes: [null, null, null] });
    theirs.forEach((code, i) => storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[i], pageCount }, [digitsField('case_code', [...code.replace(/\D/g, '')].map((c) => sure(Number(c))), { kind: 'digits', format: 'caseCode' })]));
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[2], pageCount }, [digitsField('case_code', reads, { kind: 'digits', format: 'caseCode' })]);
    expect(queuesOf(db, serials[2])).toEqual(['counting']);
  });

  it('goes to a person when a reading is the case of someone whose other cases, rated on the kiosk without a phone, reach the forms limit', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const office = 'UBND phường Phú Hội';
    const officeCode = officeCodeOf(office);
    const reads = written('460125003817', 9);
    const rival = `460125003${secondOf(reads[9], 8).digit}17`;
    // The rival case's person filed three other cases and rated each on the kiosk, whose export carries no phone: the
    // register's phone of each case makes them that person's.
    const theirs = ['460125111111', '460125222222', '460125333333'];
    registerCases(db, [
      { caseCode: '460125003817', officeCode, officeName: office, level: 'xa', phone: '0983456712' },
      ...[rival, ...theirs].map((caseCode) => ({ caseCode, officeCode, officeName: office, level: 'xa', phone: '0912345678', returnedOn: '2026-03-09' })),
    ]);
    const file = path.join(dir, 'kiosk.json');
    const items = theirs.map((caseCode, i) => ({ id: `KQ-${i}`, createdAt: '2026-03-09T09:00:00+07:00', caseCode, deviceId: 'KIOSK-01', unit: { name: office }, answers: { processingTime: 'ON_TIME', contactTimes: 0 } }));
    fs.writeFileSync(file, JSON.stringify({ data: { items } }));
    const kiosk = loadMapping('kiosk');
    expect((await importElectronic(db, file, kiosk.mapping, kiosk.survey, { actor: 'test' })).kept).toBe(3);

    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'quick', { officeCode, caseCodes: [null] });
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[0], pageCount }, [digitsField('case_code', reads, { kind: 'digits', format: 'caseCode' })]);
    // The counting rules hold the form for that person's limit: so the code is a counting item, not one to type later.
    expect(countingOf(db, survey, serials[0]).outcome).toMatchObject({ counted: false });
    expect(queuesOf(db, serials[0])).toEqual(['counting']);
  });
});

describe('a doubtful phone that could reach the forms-per-person limit', () => {
  it('goes to a person when a reading is the phone of someone with forms enough to reach the limit', () => {
    const db = openDatabase(tempDir());
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'one-stop', { caseCodes: [null, null, null] });
    // Two forms already carry the likeliest reading: with this one that person would have three.
    const theirs = digitsField('phone', [...'0912345678'].map((c) => sure(Number(c))), { kind: 'digits', format: 'phone' });
    for (const serial of serials.slice(0, 2)) storeRead(db, { surveyId: survey.id, layoutHash, serial, pageCount }, [theirs]);
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[2], pageCount }, [digitsField('phone', numberingSettles(), { kind: 'digits', format: 'phone' })]);
    expect(itemsOf(db, serials[2])).toEqual([{ questionId: 'phone', reason: 'doubtfulDigit' }]);
  });

  it('goes to a person when a reading is the phone of someone whose other forms carry it as a reviewer typed it', () => {
    const db = openDatabase(tempDir());
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'one-stop', { caseCodes: [null, null, null] });
    // Two forms whose phones were read breaking the numbering: a reviewer typed the likeliest reading of the third.
    const misread = digitsField('phone', [...'0123456789'].map((c) => sure(Number(c))), { kind: 'digits', format: 'phone' });
    for (const serial of serials.slice(0, 2)) {
      storeRead(db, { surveyId: survey.id, layoutHash, serial, pageCount }, [misread]);
      const item = db.prepare(`SELECT id FROM review_items WHERE serial = ? AND question_id = 'phone'`).get(serial) as { id: number };
      decide(db, { itemId: item.id, actor: 'duyet1', supervisor: true, value: '0912345678' });
    }
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[2], pageCount }, [digitsField('phone', numberingSettles(), { kind: 'digits', format: 'phone' })]);
    expect(itemsOf(db, serials[2])).toEqual([{ questionId: 'phone', reason: 'doubtfulDigit' }]);
  });

  it('counts a form once though its phone was both read and typed, so a doubtful phone of that person needs no one', () => {
    const db = openDatabase(tempDir());
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'one-stop', { caseCodes: [null, null] });
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[0], pageCount }, [digitsField('phone', written('0912345678', 7), { kind: 'digits', format: 'phone' })]);
    const item = db.prepare(`SELECT id FROM review_items WHERE serial = ? AND question_id = 'phone'`).get(serials[0]) as { id: number };
    decide(db, { itemId: item.id, actor: 'duyet1', supervisor: true, value: '0912345678' });
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[1], pageCount }, [digitsField('phone', numberingSettles(), { kind: 'digits', format: 'phone' })]);
    // One form of theirs (read 0912345678, typed 0912345678) and this one: two, within the limit of three.
    expect(itemsOf(db, serials[1])).toEqual([]);
    expect(storedValue(db, serials[1], 'phone')).toMatchObject({ value: '0912345678', settledBy: 'noCountingChange' });
  });

  it("needs no person for the phone of someone whose kiosk answers, of another survey, carry it through their cases", async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const office = 'UBND phường Phú Hội';
    const cases = ['460125111111', '460125222222', '460125333333'];
    registerCases(db, [
      ...cases.map((caseCode) => ({ caseCode, officeCode: officeCodeOf(office), officeName: office, level: 'xa', phone: '0912345678' })),
      { caseCode: '460125009999', officeCode: 'X02', officeName: 'Phường Hai', level: 'xa', phone: '0987654321' },
    ]);
    const file = path.join(dir, 'kiosk.json');
    const items = cases.map((caseCode, i) => ({ id: `KQ-${i}`, createdAt: '2026-03-09T09:00:00+07:00', caseCode, deviceId: 'KIOSK-01', unit: { name: office }, answers: { processingTime: 'ON_TIME', contactTimes: 0 } }));
    fs.writeFileSync(file, JSON.stringify({ data: { items } }));
    const kiosk = loadMapping('kiosk');
    expect((await importElectronic(db, file, kiosk.mapping, kiosk.survey, { actor: 'test' })).kept).toBe(3);
    const oneStop = printedForms(db, 'one-stop', { officeCode: 'X02', caseCodes: [null] });
    storeRead(db, { surveyId: oneStop.survey.id, layoutHash: oneStop.layoutHash, serial: oneStop.serials[0], pageCount: oneStop.pageCount }, [digitsField('phone', numberingSettles(), { kind: 'digits', format: 'phone' })]);
    expect(itemsOf(db, oneStop.serials[0])).toEqual([]);
  });

  it("needs no person for the phone of someone whose forms of another survey carry it: the limit is each survey's", () => {
    const db = openDatabase(tempDir());
    const cases = ['460125003817', '460125003818'];
    registerCases(db, [
      ...cases.map((caseCode) => ({ caseCode, officeCode: 'X01', officeName: 'Phường Một', level: 'xa', phone: '0912345678' })),
      { caseCode: '460125009999', officeCode: 'X02', officeName: 'Phường Hai', level: 'xa', phone: '0987654321' },
    ]);
    const quick = printedForms(db, 'quick', { officeCode: 'X01', caseCodes: [null, null] });
    cases.forEach((code, i) => storeRead(db, { surveyId: quick.survey.id, layoutHash: quick.layoutHash, serial: quick.serials[i], pageCount: quick.pageCount }, [digitsField('case_code', [...code].map((c) => sure(Number(c))), { kind: 'digits', format: 'caseCode' })]));
    // A blank one-stop form of another office, whose register does not hold the phone.
    const oneStop = printedForms(db, 'one-stop', { officeCode: 'X02', caseCodes: [null] });
    storeRead(db, { surveyId: oneStop.survey.id, layoutHash: oneStop.layoutHash, serial: oneStop.serials[0], pageCount: oneStop.pageCount }, [digitsField('phone', numberingSettles(), { kind: 'digits', format: 'phone' })]);
    expect(itemsOf(db, oneStop.serials[0])).toEqual([]);
    expect(storedValue(db, oneStop.serials[0], 'phone')).toMatchObject({ value: '0912345678', settledBy: 'noCountingChange' });
  });
});

describe('a doubtful phone on a blank one-stop form and the imported register', () => {
  it('is settled by the register of the form\'s office once it is imported, and no other register phone is stored with the page', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const office = 'UBND phường Phú Hội';
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'one-stop', { officeCode: officeCodeOf(office), caseCodes: [null, null] });
    // The eighth digit a 6 one network doubts, a 5 the runner-up: both readings valid phones, so numbering cannot tell.
    const sureCell = (d: number): DigitCellRead => ({ state: 'written', digit: String(d), confidence: 0.9999, probabilities: Array.from({ length: 10 }, (_, i) => (i === d ? 0.9999 : 0.0001 / 9)) });
    const reads = [...'0912345678'].map((c) => sureCell(Number(c)));
    reads[7] = { state: 'written', digit: '6', confidence: 0.9, probabilities: Array.from({ length: 10 }, (_, i) => (i === 6 ? 0.995 : i === 5 ? 0.005 : 0)) };
    const field = digitsField('phone', reads, { kind: 'digits', format: 'phone' });
    expect(field.reasons).toContain('doubtfulDigit');

    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[0], pageCount }, [field]);
    expect(itemsOf(db, serials[0])).toEqual([{ questionId: 'phone', reason: 'doubtfulDigit' }]);

    const file = path.join(dir, 'so-dang-ky.csv');
    const returned = (caseCode: string, phone: string) => ({ caseCode, officeName: office, procedure: null, receivedOn: '2026-03-02', returnedOn: '2026-03-09', name: null, phone, address: null, kind: null });
    fs.writeFileSync(file, registerCsv([returned('460125000001', '0912345678'), returned('460125000002', '0983456712'), returned('460125000003', '0354123987')]));
    expect((await importRegister(db, file, { actor: 'test' })).stored).toBe(true);
    storeRead(db, { surveyId: survey.id, layoutHash, serial: serials[1], pageCount }, [field]);
    expect(itemsOf(db, serials[1])).toEqual([]);
    expect(storedValue(db, serials[1], 'phone')).toMatchObject({ value: '0912345678', reasons: [], settledBy: 'register' });
    const { read_json } = db.prepare('SELECT read_json FROM pages WHERE serial = ?').get(serials[1]) as { read_json: string };
    expect(read_json).not.toContain('0983456712');
  });
});
