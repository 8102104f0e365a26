import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhieuError } from '../../src/errors/errorTable.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { saveLayout } from '../../src/store/printRuns.js';
import { drawAndStore } from '../../src/planning/draw.js';
import { assignRoutes, enumeratorList, enumeratorProgress, officeRoutes } from '../../src/planning/enumerators.js';
import { markFieldStatus } from '../../src/planning/fieldStatus.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { currentDrawOf, recordSampleForms } from '../../src/store/sampling.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const OFFICE = 'ubnd-phuong-phu-hoi';

// Twelve cases of one small office (all of them sampled), living on four routes of 5, 4, 2 and 1 people.
const ADDRESSES = [
  ...Array.from({ length: 5 }, (_, i) => `${i + 1} Nguyễn Sinh Cung, phường Vỹ Dạ`),
  '2 Hùng Vương, P. Phú Hội',
  '4 Lê Lợi, phường Phú Hội',
  '6 Lê Lợi, phường Phú Hội',
  '8 Bến Nghé, P. Phú Hội',
  'Thôn 1, xã An Thủy',
  'Thôn 2, xã An Thủy',
  'không rõ',
];

async function drawnOffice(): Promise<Db> {
  const dir = tempDir();
  const file = path.join(dir, 'so.csv');
  const lines = ADDRESSES.map((a, i) => `HS-${i + 1},Khai sinh,UBND phường Phú Hội,0${(i % 9) + 1}/03/2025,Người ${i + 1},09051234${String(i).padStart(2, '0')},"${a}"`);
  fs.writeFileSync(file, ['Mã hồ sơ,Tên thủ tục,Cơ quan/Đơn vị,Ngày trả kết quả,Họ và tên,Số điện thoại,Địa chỉ', ...lines].join('\r\n'));
  const db = openDatabase(path.join(dir, 'data'));
  await importRegister(db, file, { actor: 't' });
  drawAndStore(db, { seed: 'tuyen', reserveShare: 0, actor: 't' });
  return db;
}

const caseOf = (address: string) => `HS-${ADDRESSES.indexOf(address) + 1}`;
const casesLiving = (pattern: RegExp) => ADDRESSES.filter((a) => pattern.test(a)).map(caseOf).sort();

describe('enumerators and their routes', () => {
  it('shares whole routes evenly between enumerators and gives each only the people of their routes', async () => {
    const db = await drawnOffice();
    // "P. Phú Hội" and "phường Phú Hội" are one route, named as its first member on the list writes it.
    expect(officeRoutes(db, OFFICE).map((r) => [r.route.replace(/^P\. /, 'phường '), r.people, r.enumerator])).toEqual([
      ['phường Phú Hội', 4, null],
      ['phường Vỹ Dạ', 5, null],
      ['xã An Thủy', 2, null],
      ['Chưa rõ phường/xã', 1, null],
    ]);
    // Largest first to whoever has fewest: An 5, Bình 4, Bình 4+2, An 5+1 — six people each.
    const shared = assignRoutes(db, { officeCode: OFFICE, splitAmong: ['An', 'Bình'], actor: 'kh' });
    expect(Object.fromEntries(shared.map((r) => [r.route.replace(/^P\. /, 'phường '), r.enumerator]))).toEqual({ 'phường Phú Hội': 'Bình', 'phường Vỹ Dạ': 'An', 'xã An Thủy': 'Bình', 'Chưa rõ phường/xã': 'An' });
    const caseCodes = (enumerator: string) => enumeratorList(db, { officeCode: OFFICE, enumerator }).rows.map((r) => r.caseCode).sort();
    expect(caseCodes('An')).toEqual([...casesLiving(/Vỹ Dạ/), ...casesLiving(/không rõ/)].sort());
    expect(caseCodes('Bình')).toEqual([...casesLiving(/Phú Hội/), ...casesLiving(/An Thủy/)].sort());

    // A route handed to someone else moves with all its people, whichever way its name is written.
    assignRoutes(db, { officeCode: OFFICE, assign: [{ route: 'Xã An Thuỷ', enumerator: 'Chi' }], actor: 'kh' });
    expect(caseCodes('Chi')).toEqual(casesLiving(/An Thủy/));
    expect(caseCodes('Bình')).toEqual(casesLiving(/Phú Hội/));
    expect(db.prepare(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'sample.routes'`).get()).toEqual({ n: 2 });
    db.close();
  });

  it('refuses a route the list does not have and an enumerator who carries none, naming what there is', async () => {
    const db = await drawnOffice();
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof PhieuError ? error.message : String(error);
      }
      return 'accepted';
    };
    expect(refusal(() => assignRoutes(db, { officeCode: OFFICE, assign: [{ route: 'phường Tây Lộc', enumerator: 'An' }], actor: 'kh' }))).toMatch(
      /^Danh sách mẫu của ubnd-phuong-phu-hoi không có tuyến "phường Tây Lộc"\. Các tuyến có: (P\.|phường) Phú Hội; phường Vỹ Dạ; xã An Thủy; Chưa rõ phường\/xã\.$/,
    );
    expect(refusal(() => enumeratorList(db, { officeCode: OFFICE, enumerator: 'An' }))).toContain('Điều tra viên "An" chưa được giao tuyến nào');
    expect(db.prepare('SELECT COUNT(*) AS n FROM route_assignments').get()).toEqual({ n: 0 });
    db.close();
  });

  it('counts each enumerator’s forms printed, handed out, returned and refused, and the routes nobody carries yet', async () => {
    const db = await drawnOffice();
    assignRoutes(db, { officeCode: OFFICE, assign: [{ route: 'phường Vỹ Dạ', enumerator: 'An' }, { route: 'phường Phú Hội', enumerator: 'Bình' }], actor: 'kh' });
    const drawId = currentDrawOf(db, OFFICE);
    const survey = loadSurveyDefinition('sipas');
    const layout = layoutForm(survey);
    saveLayout(db, survey, layout);
    const printed = recordSampleForms(db, { drawId, officeCode: OFFICE, layoutHash: layout.hash, surveyId: 'sipas', caseCodes: [...casesLiving(/Vỹ Dạ/), caseOf('4 Lê Lợi, phường Phú Hội')] }).map((c) => c.serial);
    expect(printed).toHaveLength(6);
    const serialOf = (caseCode: string) => (db.prepare('SELECT serial FROM forms WHERE case_code = ?').get(caseCode) as { serial: number }).serial;
    const [vy1, vy2, vy3] = casesLiving(/Vỹ Dạ/);
    for (const c of [vy1, vy2, vy3]) markFieldStatus(db, { serial: serialOf(c), status: 'handedOut', actor: 't' });
    markFieldStatus(db, { serial: serialOf(vy1), status: 'returned', actor: 't' });
    markFieldStatus(db, { caseCode: caseOf('6 Lê Lợi, phường Phú Hội'), status: 'refused', actor: 't' });

    const progress = enumeratorProgress(db);
    expect(progress).toEqual([
      { officeCode: OFFICE, officeName: 'UBND phường Phú Hội', enumerator: 'An', routes: 1, inSample: 5, printed: 5, handedOut: 3, returned: 1, refusedOrUnreachable: 0 },
      // The refused member left the sample (no reserve to take the place): three people, one form.
      { officeCode: OFFICE, officeName: 'UBND phường Phú Hội', enumerator: 'Bình', routes: 1, inSample: 3, printed: 1, handedOut: 0, returned: 0, refusedOrUnreachable: 1 },
      { officeCode: OFFICE, officeName: 'UBND phường Phú Hội', enumerator: null, routes: 2, inSample: 3, printed: 0, handedOut: 0, returned: 0, refusedOrUnreachable: 0 },
    ]);
    db.close();
  });
});
