import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideDigitField, type DigitCellRead } from '../../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { storePage } from '../../src/ingest/storePage.js';
import { importElectronic } from '../../src/intake/electronicImport.js';
import { loadMapping } from '../../src/io/mappingFiles.js';
import { resultsReport } from '../../src/report/resultsReport.js';
import { officeCodeOf } from '../../src/sampling/offices.js';
import { openDatabase } from '../../src/store/db.js';
import { beginScanFile } from '../../src/store/scans.js';
import { printedForms, registerCases } from '../results/paperForms.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('a quick form whose case code the register writes with dots', () => {
  it('counts a case answered on the kiosk and on a quick form once, though the form holds only its digits, and gives the form the case', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const office = 'UBND phường Phú Hội';
    const officeCode = officeCodeOf(office);
    registerCases(db, [{ caseCode: '460125.00.3817', officeCode, officeName: office, level: 'xa', phone: '0912345678', returnedOn: '2026-03-08' }]);
    const file = path.join(dir, 'kiosk.json');
    const items = [{ id: 'KQ-1', createdAt: '2026-03-09T09:00:00+07:00', caseCode: '460125.00.3817', deviceId: 'KIOSK-01', unit: { name: office }, answers: { processingTime: 'ON_TIME', contactTimes: 0 } }];
    fs.writeFileSync(file, JSON.stringify({ data: { items } }));
    const kiosk = loadMapping('kiosk');
    expect((await importElectronic(db, file, kiosk.mapping, kiosk.survey, { actor: 'test' })).kept).toBe(1);

    // The same case written in the quick form's twelve boxes and read surely: the read keeps the digits written.
    const { survey, layoutHash, pageCount, serials } = printedForms(db, 'quick', { officeCode, caseCodes: [null] });
    const cells = [...'460125003817'].map((digit): DigitCellRead => ({ state: 'written', digit, confidence: 0.999 }));
    const sha256 = createHash('sha256').update('quick').digest('hex');
    beginScanFile(db, { sha256, name: 'quick.pdf', size: 1, source: 'cli' }, 1);
    const qr = { surveyId: survey.id, layoutHash, serial: serials[0], page: 1, pageCount };
    const field = { questionId: 'case_code', kind: 'digits' as const, ...decideDigitField(cells, { kind: 'digits', format: 'caseCode' }, HANDWRITING_SETTINGS) };
    storePage(db, { sha256, pageIndex: 0, clips: [], read: { kind: 'read', qr, turned: false, scale: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1], quarterTurned: false, fields: [field], needsReview: false } });

    const { input, outcomes } = resultsReport(db, survey);
    const paper = input.responses.find((r) => r.key === `paper:${serials[0]}`)!;
    expect(paper).toMatchObject({ caseCode: '460125.00.3817', phones: ['0912345678'] });
    const kioskAnswer = input.responses.find((r) => r.channel === 'electronic')!;
    const both = [outcomes.get(paper.key)!, outcomes.get(kioskAnswer.key)!];
    expect(both.filter((o) => o.counted)).toHaveLength(1);
    expect(both.find((o) => !o.counted)).toMatchObject({ reason: 'caseAlreadyCounted' });
  });
});
