import { describe, expect, it } from 'vitest';
import { PhieuError } from '../../src/errors/errorTable.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { decide } from '../../src/review/queue.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { createKiosk, kioskByToken, listKiosks, revokeKiosk } from '../../src/store/results.js';
import { recordElectronicResponse } from '../../src/intake/kioskResponse.js';
import { loadResultsInput, paperResponses, resultSettings, resultsReport, saveResultSettings } from '../../src/report/resultsReport.js';
import { useTempDir } from '../support/tempDir.js';
import { printedForms, registerCases, scannedPage } from './paperForms.js';

const tempDir = useTempDir();

const resolve = (db: Db, serial: number, questionId: string, value: unknown) => {
  const item = db.prepare(`SELECT id FROM review_items WHERE serial = ? AND question_id = ? AND status = 'open'`).get(serial, questionId) as { id: number };
  decide(db, { itemId: item.id, actor: 'giamsat', supervisor: true, value });
};

function ward(db: Db) {
  registerCases(db, [
    { caseCode: 'H57-0001', officeCode: 'ubnd-phuong-phu-hoi', officeName: 'UBND phường Phú Hội', level: 'xã', phone: '0905123456', returnedOn: '2024-03-04' },
    { caseCode: 'H57-0002', officeCode: 'ubnd-phuong-phu-hoi', officeName: 'UBND phường Phú Hội', level: 'xã', phone: '0914222333', returnedOn: '2024-03-05' },
    { caseCode: 'H57-0003', officeCode: 'ubnd-phuong-phu-hoi', officeName: 'UBND phường Phú Hội', level: 'xã', returnedOn: '2024-03-06' },
    { caseCode: '240305000009', officeCode: 'ubnd-phuong-vy-da', officeName: 'UBND phường Vỹ Dạ', level: 'xã', phone: '0935777888', returnedOn: '2024-03-05' },
  ]);
}

describe('paper forms as the results see them', () => {
  it('takes effective answers, the case from the register, and holds back forms still in review or missing a page', () => {
    const db = openDatabase(tempDir());
    ward(db);
    const sipas = printedForms(db, 'sipas', { officeCode: 'ubnd-phuong-phu-hoi', caseCodes: ['H57-0001', 'H57-0002'] });
    const form = (serial: number, page: number) => ({ surveyId: 'sipas', layoutHash: sipas.layoutHash, serial, page, pageCount: sipas.pageCount });
    const [complete, halfScanned] = sipas.serials;
    scannedPage(db, form(complete, 1), { a1: ['5'], a2: '?', b1: ['4', '5'] });
    scannedPage(db, form(complete, 2), { overall: ['4'], comment: 'handwriting' });
    scannedPage(db, form(halfScanned, 1), { a1: ['3'] });
    db.prepare(`INSERT INTO rechecks (serial, phone, outcome) VALUES (?, '0905123456', 'denied')`).run(complete);

    let [first, second] = paperResponses(db, sipas.survey);
    expect(first.pending).toBe('review');
    resolve(db, complete, 'a2', ['4']);
    resolve(db, complete, 'comment', 'Tốt');
    [first, second] = paperResponses(db, sipas.survey);
    expect(first).toMatchObject({
      key: `paper:${complete}`,
      channel: 'paper',
      officeCode: 'ubnd-phuong-phu-hoi',
      caseCode: 'H57-0001',
      phones: ['0905123456'],
      answeredOn: '2024-03-04',
      pending: null,
      recheck: 'denied',
    });
    // Two boxes on paper stay as read: the indices count the answer invalid.
    expect(first.answers).toMatchObject({ a1: ['5'], a2: ['4'], b1: ['4', '5'], overall: ['4'], comment: 'Tốt' });
    expect(second).toMatchObject({ key: `paper:${halfScanned}`, pending: 'pages' });
  });

  it('counts a form whose marks are all decided while its comment still waits to be typed: the indices include it', () => {
    const db = openDatabase(tempDir());
    ward(db);
    const sipas = printedForms(db, 'sipas', { officeCode: 'ubnd-phuong-phu-hoi', caseCodes: ['H57-0001'] });
    const [serial] = sipas.serials;
    const form = (page: number) => ({ surveyId: 'sipas', layoutHash: sipas.layoutHash, serial, page, pageCount: sipas.pageCount });
    scannedPage(db, form(1), { a1: ['5'], a2: '?' });
    scannedPage(db, form(2), { overall: ['4'], comment: 'handwriting' });
    expect(resultsReport(db, sipas.survey).report.totals).toMatchObject({ returned: 1, counted: 0, pending: 1 });

    resolve(db, serial, 'a2', ['4']);
    const { report } = resultsReport(db, sipas.survey);
    expect(report.totals).toMatchObject({ returned: 1, counted: 1, pending: 0 });
    expect(report.indices.forms).toBe(1);
    expect(paperResponses(db, sipas.survey)[0]).toMatchObject({ pending: null, answers: { a1: ['5'], a2: ['4'], overall: ['4'], comment: null } });
    // The comment is still there to be typed, in a queue of its own.
    expect(db.prepare(`SELECT status, queue FROM review_items WHERE serial = ? AND question_id = 'comment'`).get(serial)).toEqual({ status: 'open', queue: 'transcription' });
  });

  it('reads the phone and the date written on a blank one-stop form', () => {
    const db = openDatabase(tempDir());
    ward(db);
    const oneStop = printedForms(db, 'one-stop', { officeCode: 'ubnd-phuong-phu-hoi', caseCodes: [null] });
    const [serial] = oneStop.serials;
    scannedPage(db, { surveyId: 'one-stop', layoutHash: oneStop.layoutHash, serial, page: 1, pageCount: oneStop.pageCount }, { phone: 'handwriting', date: 'handwriting', result_satisfaction: ['5'] });
    resolve(db, serial, 'phone', '0977111222');
    resolve(db, serial, 'date', '15/04/2024');
    const [response] = paperResponses(db, oneStop.survey);
    expect(response).toMatchObject({ officeCode: 'ubnd-phuong-phu-hoi', caseCode: null, phones: ['0977111222'], ownPhone: '0977111222', answeredOn: '2024-04-15', pending: null });
  });

  it('reads the case code written on a quick-survey form and finds the case in the register', () => {
    const db = openDatabase(tempDir());
    ward(db);
    const quick = printedForms(db, 'quick', { caseCodes: [null] });
    const [serial] = quick.serials;
    scannedPage(db, { surveyId: 'quick', layoutHash: quick.layoutHash, serial, page: 1, pageCount: quick.pageCount }, { case_code: 'handwriting', q1: ['2'], q2: ['0'] });
    resolve(db, serial, 'case_code', '240305000009');
    expect(paperResponses(db, quick.survey)[0]).toMatchObject({ caseCode: '240305000009', officeCode: 'ubnd-phuong-vy-da', phones: ['0935777888'], answeredOn: '2024-03-05' });
  });
});

describe('the kiosk', () => {
  it('stores an answer once per case and refuses the second politely, with a typed error', () => {
    const db = openDatabase(tempDir());
    ward(db);
    const quick = loadSurveyDefinition('quick');
    const { kiosk, token } = createKiosk(db, { name: 'Quầy 1', officeCode: 'ubnd-phuong-phu-hoi', surveyId: 'quick', actor: 'admin' });
    expect(kioskByToken(db, token)).toEqual(kiosk);
    const stored = recordElectronicResponse(db, { kiosk, survey: quick, caseCode: ' 240304000117 ', answers: { q1: ['2'], q2: ['0'] }, at: new Date('2024-03-04T01:00:00Z') });
    expect(stored.externalId).toMatch(/^[0-9a-f-]{36}$/);
    const refusal = (() => {
      try {
        recordElectronicResponse(db, { kiosk, survey: quick, caseCode: '240304000117', answers: { q1: ['1'] } });
      } catch (error) {
        return error as PhieuError;
      }
    })();
    expect(refusal).toBeInstanceOf(PhieuError);
    expect(refusal!.code).toBe('caseAlreadyAnswered');
    expect(refusal!.message).toBe('Hồ sơ 240304000117 đã được đánh giá trước đây. Xin cảm ơn Ông/Bà đã dành thời gian!');
    const input = loadResultsInput(db, quick);
    expect(input.responses).toEqual([
      expect.objectContaining({ channel: 'electronic', source: 'kiosk', officeCode: 'ubnd-phuong-phu-hoi', caseCode: '240304000117', device: `kiosk-${kiosk.id}`, answeredOn: '2024-03-04T08:00:00', answers: { case_code: '240304000117', q1: ['2'], q2: ['0'] } }),
    ]);
    expect(resultsReport(db, quick).report.breakdowns.source.map((s) => s.label)).toEqual(['Ki-ốt tại bộ phận một cửa']);
    revokeKiosk(db, kiosk.id, 'admin');
    expect(kioskByToken(db, token)).toBeUndefined();
    expect(listKiosks(db)).toEqual([expect.objectContaining({ name: 'Quầy 1', officeName: 'UBND phường Phú Hội', revokedAt: expect.any(String) })]);
  });

  it('refuses a case already answered on a scanned paper form, a bad case code and answers the survey does not have', () => {
    const db = openDatabase(tempDir());
    ward(db);
    const sipas = printedForms(db, 'sipas', { officeCode: 'ubnd-phuong-phu-hoi', caseCodes: ['H57-0003'] });
    scannedPage(db, { surveyId: 'sipas', layoutHash: sipas.layoutHash, serial: sipas.serials[0], page: 1, pageCount: 2 }, { a1: ['5'] });
    const { kiosk } = createKiosk(db, { name: 'Quầy 2', officeCode: 'ubnd-phuong-phu-hoi', surveyId: 'sipas', actor: 'admin' });
    const codeOf = (request: Parameters<typeof recordElectronicResponse>[1]) => {
      try {
        recordElectronicResponse(db, request);
      } catch (error) {
        return (error as PhieuError).code;
      }
    };
    expect(codeOf({ kiosk, survey: sipas.survey, caseCode: 'H57-0003', answers: { a1: ['4'] } })).toBe('caseAlreadyAnswered');
    expect(codeOf({ kiosk, survey: sipas.survey, caseCode: 'mã <b>', answers: { a1: ['4'] } })).toBe('invalidCaseCode');
    expect(codeOf({ kiosk, survey: sipas.survey, caseCode: 'H57-0004', answers: { a1: ['4', '5'] } })).toBe('invalidAnswer');
    expect(codeOf({ kiosk, survey: sipas.survey, caseCode: 'H57-0004', answers: { z9: ['4'] } })).toBe('invalidAnswer');
    expect(codeOf({ kiosk, survey: loadSurveyDefinition('quick'), caseCode: 'H57-0004', answers: {} })).toBe('wrongSurvey');
    expect(db.prepare('SELECT COUNT(*) AS n FROM electronic_responses').get()).toEqual({ n: 0 });
  });
});

describe('result settings', () => {
  it('keeps the rules in the database, refusing bad values with their path', () => {
    const db = openDatabase(tempDir());
    expect(resultSettings(db).maxFormsPerPerson).toBe(3);
    saveResultSettings(db, { maxFormsPerPerson: 2, casePreference: 'paper' }, 'admin');
    expect(resultSettings(db)).toMatchObject({ maxFormsPerPerson: 2, casePreference: 'paper', excludeStaff: true });
    expect(() => saveResultSettings(db, { maxFormsPerPerson: 0 }, 'admin')).toThrow(/maxFormsPerPerson/);
    expect(() => saveResultSettings(db, { unknownRule: true }, 'admin')).toThrow(/Thiết lập tính kết quả không hợp lệ/);
  });
});
