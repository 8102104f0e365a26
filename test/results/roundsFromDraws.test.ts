import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordElectronicResponse } from '../../src/intake/kioskResponse.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { drawAndStore, redrawOffice } from '../../src/planning/draw.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { resultsReport } from '../../src/report/resultsReport.js';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import { openDatabase } from '../../src/store/db.js';
import { createKiosk } from '../../src/store/results.js';
import { questionsOf } from '../../src/survey/schema.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('sampling rounds in the report', () => {
  it("measures a month inside a round by the round's drawn minimum, a re-drawn office by its new list, and counts the round's answers up to the month's end", async () => {
    const db = openDatabase(tempDir());
    const file = path.join(tempDir(), 'so.csv');
    // 2025: Vỹ Dạ 150 cases (100–999: at least 100), Hương Phong 40 (under 100: every case).
    fs.writeFileSync(file, registerCsv(generateDemoRegister({ seed: 'vong', year: 2025, offices: [{ name: 'UBND phường Vỹ Dạ', cases: 150 }, { name: 'UBND xã Hương Phong', cases: 40 }] })));
    await importRegister(db, file, { actor: 't' });
    drawAndStore(db, { seed: 'v1', reserveShare: 0.2, actor: 't', periodFrom: '2025-01-01', periodTo: '2025-12-31' });
    redrawOffice(db, { seed: 'v2', reserveShare: 0.2, actor: 't', officeCode: 'ubnd-xa-huong-phong' });
    const sipas = loadSurveyDefinition('sipas');
    const kiosk = createKiosk(db, { name: 'Quầy', officeCode: 'ubnd-phuong-vy-da', surveyId: 'sipas', actor: 't' }).kiosk;
    const answers = Object.fromEntries(questionsOf(sipas).filter((q) => q.kind === 'scale').map((q) => [q.id, ['4']]));
    const cases = (db.prepare(`SELECT case_code AS c FROM register_cases WHERE office_code = 'ubnd-phuong-vy-da' ORDER BY case_code LIMIT 3`).all() as { c: string }[]).map((r) => r.c);
    // One answer in March, one in June, one in August: June's view counts the first two.
    cases.forEach((caseCode, i) => recordElectronicResponse(db, { kiosk, survey: sipas, caseCode, answers, at: new Date(`2025-0${[3, 6, 8][i]}-10T03:00:00Z`) }));

    const june = resultsReport(db, sipas, { from: '2025-06-01', to: '2025-06-30' }).report;
    expect(june.adequacy.offices.map((a) => [a.officeCode, a.cases, a.required, a.total, a.shortfall, a.status, a.round])).toEqual([
      ['ubnd-phuong-vy-da', 150, 100, 2, 98, 'short', { from: '2025-01-01', to: '2025-12-31' }],
      ['ubnd-xa-huong-phong', 40, 40, 0, 40, 'short', { from: '2025-01-01', to: '2025-12-31' }],
    ]);
    expect(june.adequacy.unknown).toEqual([]);
  });
});
