import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhieuError } from '../../src/errors/errorTable.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { changeOffice } from '../../src/planning/changeOffice.js';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { officeTree, saveOfficeLevels } from '../../src/store/offices.js';
import { recordElectronicResponse } from '../../src/intake/kioskResponse.js';
import { resultsReport } from '../../src/report/resultsReport.js';
import { createKiosk } from '../../src/store/results.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { questionsOf } from '../../src/survey/schema.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

const VY_DA = 'ubnd-phuong-vy-da';
const PHU_VANG = 'ubnd-huyen-phu-vang';
const TU_PHAP = 'so-tu-phap';
const DESK = 'mot-cua-vy-da';

async function registerOf(db: Db, offices: { name: string; cases: number }[], seed = 'cay'): Promise<Awaited<ReturnType<typeof importRegister>>> {
  const file = path.join(tempDir(), `${seed}.csv`);
  fs.writeFileSync(file, registerCsv(generateDemoRegister({ seed, year: 2024, offices })));
  return importRegister(db, file, { actor: 't' });
}

function refusedWith(work: () => unknown): { code: string; message: string } {
  try {
    work();
  } catch (error) {
    if (error instanceof PhieuError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

describe('the office tree', () => {
  it('adds an office under another, changes its level and days, and lists every office with its level, parent and active days', () => {
    const db = openDatabase(tempDir());
    changeOffice(db, VY_DA, { name: 'UBND phường Vỹ Dạ', level: 'xã' }, 'kh');
    changeOffice(db, DESK, { name: 'Bộ phận một cửa phường Vỹ Dạ', level: 'bộ phận một cửa', parent: VY_DA, activeFrom: '2025-07-01' }, 'kh');
    changeOffice(db, DESK, { activeTo: '2026-12-31' }, 'kh');
    expect(officeTree(db)).toEqual([
      { code: DESK, name: 'Bộ phận một cửa phường Vỹ Dạ', level: 'bộ phận một cửa', parent: VY_DA, activeFrom: '2025-07-01', activeTo: '2026-12-31' },
      { code: VY_DA, name: 'UBND phường Vỹ Dạ', level: 'xã', parent: null, activeFrom: null, activeTo: null },
    ]);
    const audited = db.prepare(`SELECT action, detail_json AS d FROM audit_events WHERE action LIKE 'office.%' ORDER BY id`).all() as { action: string; d: string }[];
    expect(audited.map((a) => a.action)).toEqual(['office.create', 'office.create', 'office.change']);
    expect(JSON.parse(audited[2].d)).toMatchObject({ code: DESK, before: { activeTo: null }, after: { activeTo: '2026-12-31' } });
  });

  it('refuses an unknown level, an unknown parent, a loop, a new office without a name and a period that ends before it starts, storing nothing', () => {
    const db = openDatabase(tempDir());
    changeOffice(db, VY_DA, { name: 'UBND phường Vỹ Dạ', level: 'xã' }, 'kh');
    changeOffice(db, DESK, { name: 'Bộ phận một cửa phường Vỹ Dạ', level: 'bộ phận một cửa', parent: VY_DA }, 'kh');
    const before = officeTree(db);
    const audits = () => db.prepare('SELECT COUNT(*) AS n FROM audit_events').get();
    const auditsBefore = audits();
    expect(refusedWith(() => changeOffice(db, VY_DA, { level: 'huyện' }, 'kh'))).toEqual({
      code: 'unknownLevel',
      message: 'Không có cấp cơ quan "huyện" (các cấp đã có: sở/ngành, xã, bộ phận một cửa).',
    });
    expect(refusedWith(() => changeOffice(db, DESK, { parent: 'ubnd-xa-khong-co' }, 'kh'))).toMatchObject({ code: 'unknownParent', message: expect.stringContaining('"ubnd-xa-khong-co"') });
    // Vỹ Dạ under its own desk: Vỹ Dạ → desk → Vỹ Dạ.
    expect(refusedWith(() => changeOffice(db, VY_DA, { parent: DESK }, 'kh'))).toEqual({
      code: 'officeCycle',
      message: `Không thể đặt cơ quan cấp trên như vậy: cây cơ quan sẽ thành vòng lặp (${VY_DA} → ${DESK} → ${VY_DA}).`,
    });
    expect(refusedWith(() => changeOffice(db, VY_DA, { parent: VY_DA }, 'kh')).code).toBe('officeCycle');
    expect(refusedWith(() => changeOffice(db, 'so-moi', { level: 'sở/ngành' }, 'kh')).code).toBe('officeNeedsName');
    expect(refusedWith(() => changeOffice(db, DESK, { activeFrom: '2026-01-01', activeTo: '2025-12-31' }, 'kh')).code).toBe('officePeriodReversed');
    expect(refusedWith(() => changeOffice(db, 'Sở Mới', { name: 'Sở Mới' }, 'kh')).code).toBe('invalidOfficeChange');
    expect(refusedWith(() => changeOffice(db, DESK, { activeTo: '31/12/2025' }, 'kh')).code).toBe('invalidOfficeChange');
    expect(officeTree(db)).toEqual(before);
    expect(audits()).toEqual(auditsBefore);
  });

  it('adds the offices a register names that the tree lacks, keeps a former district inactive from 1 July 2025, and leaves an office the tree has as the tree says', async () => {
    const db = openDatabase(tempDir());
    // The planner placed Vỹ Dạ before the register came, under a name of their own.
    changeOffice(db, VY_DA, { name: 'Phường Vỹ Dạ (UBND)', level: 'xã' }, 'kh');
    const imported = await registerOf(db, [{ name: 'UBND phường Vỹ Dạ', cases: 5 }, { name: 'UBND huyện Phú Vang', cases: 4 }, { name: 'Sở Tư pháp', cases: 3 }, { name: 'Trung tâm Lưu trữ', cases: 2 }]);
    expect([...imported.newOffices].sort((a, b) => a.code.localeCompare(b.code))).toEqual([
      { code: TU_PHAP, name: 'Sở Tư pháp', level: 'sở/ngành', activeTo: null, note: 'sở/ngành' },
      { code: 'trung-tam-luu-tru', name: 'Trung tâm Lưu trữ', level: null, activeTo: null, note: 'chưa xếp cấp' },
      { code: PHU_VANG, name: 'UBND huyện Phú Vang', level: 'huyện', activeTo: '2025-06-30', note: 'huyện, ngừng hoạt động sau 2025-06-30' },
    ]);
    const byCode = new Map(officeTree(db).map((o) => [o.code, o]));
    expect(byCode.get(VY_DA)).toMatchObject({ name: 'Phường Vỹ Dạ (UBND)', level: 'xã', activeTo: null });
    expect(byCode.get(PHU_VANG)).toMatchObject({ level: 'huyện', activeFrom: null, activeTo: '2025-06-30' });
    // The one the register could not place waits for a planner: placing it works like any change.
    changeOffice(db, 'trung-tam-luu-tru', { level: 'sở/ngành', parent: TU_PHAP }, 'kh');
    expect(officeTree(db).find((o) => o.code === 'trung-tam-luu-tru')).toMatchObject({ level: 'sở/ngành', parent: TU_PHAP });
  });

  it('migrates the offices of an earlier database: levels kept, district offices kept but inactive from 1 July 2025', () => {
    const dir = tempDir();
    const old = openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 13));
    const insert = old.prepare('INSERT INTO offices (code, name, level) VALUES (?, ?, ?)');
    insert.run(VY_DA, 'UBND phường Vỹ Dạ', 'xã');
    insert.run(PHU_VANG, 'UBND huyện Phú Vang', 'huyện');
    insert.run('trung-tam-luu-tru', 'Trung tâm Lưu trữ', null);
    old.close();
    const db = openDatabase(dir);
    expect(officeTree(db).map((o) => [o.code, o.level, o.parent, o.activeFrom, o.activeTo])).toEqual([
      ['trung-tam-luu-tru', null, null, null, null],
      [PHU_VANG, 'huyện', null, null, '2025-06-30'],
      [VY_DA, 'xã', null, null, null],
    ]);
  });
});

describe('reports by the levels defined', () => {
  const sipas = loadSurveyDefinition('sipas');
  const scale = questionsOf(sipas).filter((q) => q.kind === 'scale').map((q) => q.id);

  async function answered(db: Db) {
    await registerOf(db, [{ name: 'UBND phường Vỹ Dạ', cases: 3 }, { name: 'UBND huyện Phú Vang', cases: 2 }, { name: 'Sở Tư pháp', cases: 2 }]);
    changeOffice(db, DESK, { name: 'Bộ phận một cửa phường Vỹ Dạ', level: 'bộ phận một cửa', parent: VY_DA }, 'kh');
    const cases = db.prepare('SELECT case_code AS caseCode, office_code AS officeCode FROM register_cases ORDER BY case_code').all() as { caseCode: string; officeCode: string }[];
    // Every case answered once, at a kiosk of its office: all "5" at Vỹ Dạ, all "1" at Phú Vang, all "4" at Sở Tư pháp.
    const codeOf: Record<string, string> = { [VY_DA]: '5', [PHU_VANG]: '1', [TU_PHAP]: '4' };
    for (const office of Object.keys(codeOf)) {
      const kiosk = createKiosk(db, { name: `Ki-ốt ${office}`, officeCode: office, surveyId: 'sipas', actor: 't' }).kiosk;
      for (const c of cases.filter((x) => x.officeCode === office)) {
        recordElectronicResponse(db, { kiosk, survey: sipas, caseCode: c.caseCode, answers: Object.fromEntries(scale.map((id) => [id, [codeOf[office]]])), at: new Date('2024-05-02T03:00:00Z') });
      }
    }
  }

  it('groups the indices by the levels in their defined order, a former level after them, and takes a defined level with no office yet', async () => {
    const db = openDatabase(tempDir());
    await answered(db);
    const { report } = resultsReport(db, sipas);
    // Defined: sở/ngành, xã, bộ phận một cửa (no answers); then huyện, which only a former office carries.
    expect(report.breakdowns.level.map((g) => [g.key, g.indices.forms, g.indices.overall.satisfiedShare])).toEqual([
      ['sở/ngành', 2, 1],
      ['xã', 3, 1],
      ['huyện', 2, 0],
    ]);
    saveOfficeLevels(db, ['xã', 'sở/ngành', 'bộ phận một cửa'], 'kh');
    expect(resultsReport(db, sipas).report.breakdowns.level.map((g) => g.key)).toEqual(['xã', 'sở/ngành', 'huyện']);

    const wards = resultsReport(db, sipas, { level: 'xã' }).report;
    expect([wards.totals.counted, wards.breakdowns.office.map((g) => g.key)]).toEqual([3, [VY_DA]]);
    const desks = resultsReport(db, sipas, { level: 'bộ phận một cửa' }).report;
    expect(desks.totals.counted).toBe(0);
    expect(() => resultsReport(db, sipas, { level: 'quận' })).toThrow('Không có cấp cơ quan "quận" (các cấp đã có: xã, sở/ngành, bộ phận một cửa, huyện).');
  });
});
