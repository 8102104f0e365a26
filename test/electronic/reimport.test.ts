import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mappingSchema } from '../../src/electronic/mapping.js';
import { buildReport } from '../../src/results/buildReport.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { importElectronic } from '../../src/intake/electronicImport.js';
import { loadResultsInput } from '../../src/report/resultsReport.js';
import { miniSurvey } from '../results/fixture.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

const mapping = mappingSchema.parse({
  id: 'thu-nghiem',
  name: 'Tệp xuất thử nghiệm',
  source: 'hue-s',
  survey: 'mini',
  fields: { responseId: 'Mã', submittedAt: 'Thời gian', caseCode: 'Mã hồ sơ', phone: 'Điện thoại', account: 'Tài khoản' },
  answers: [
    { question: 'a1', column: 'A1' },
    { question: 'a2', column: 'A2' },
    { question: 'b1', column: 'B1' },
    { question: 'ov', column: 'Chung' },
  ],
});
const HEADER = ['Mã', 'Thời gian', 'Mã hồ sơ', 'Điện thoại', 'Tài khoản', 'A1', 'A2', 'B1', 'Chung'];

const level = fc.constantFrom('', '1', '2', '3', '4', '5', 'Hài lòng', 'Rất hài lòng', 'không rõ');
const row = fc.record({
  day: fc.integer({ min: 1, max: 28 }),
  month: fc.integer({ min: 1, max: 12 }),
  badTime: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  caseCode: fc.constantFrom('', 'C1', 'C2', 'C3', 'C4'),
  phone: fc.constantFrom('', '0911111111', '0922222222', '0905 000 111'),
  account: fc.constantFrom('', 'cb.lan', 'dan'),
  a1: level,
  a2: level,
  b1: level,
  ov: level,
});
// Response ids are unique: a source never gives two responses one id.
const rows = fc.array(row, { minLength: 1, maxLength: 25 }).map((rs) => rs.map((r, i) => ({ ...r, id: `R${i}` })));
type Row = typeof rows extends fc.Arbitrary<infer T> ? T : never;

function exportFile(name: string, content: Row): string {
  const lines = content.map((r) => [r.id, r.badTime ? '31/02/2024' : `${String(r.day).padStart(2, '0')}/${String(r.month).padStart(2, '0')}/2024 10:00`, r.caseCode, r.phone, r.account, r.a1, r.a2, r.b1, r.ov].join(','));
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, [HEADER.join(','), ...lines].join('\n'));
  return file;
}

const reportOf = (db: Db) => buildReport({ ...loadResultsInput(db, miniSurvey), survey: miniSurvey });
const importInto = (db: Db, file: string) => importElectronic(db, file, mapping, miniSurvey, { actor: 'test', acceptPartial: true });

describe('re-importing electronic exports', () => {
  it('changes nothing when a file, or any part of it, is imported again', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.array(fc.nat(), { maxLength: 10 }), async (all, picks) => {
        const db = openDatabase(tempDir());
        const first = await importInto(db, exportFile('all.csv', all));
        const before = reportOf(db);
        expect(before.totals.returned).toBe(first.kept);
        expect((await importInto(db, exportFile('all.csv', all))).kept).toBe(0);
        const part = [...new Set(picks.map((p) => p % all.length))].map((i) => all[i]);
        const again = await importInto(db, exportFile('part.csv', [...part].reverse()));
        expect(again.kept).toBe(0);
        expect(reportOf(db)).toEqual(before);
        db.close();
      }),
      { numRuns: 15 },
    );
  });

  it('gives the same report whichever of two exports is imported first', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.nat(), async (all, cut) => {
        const split = cut % (all.length + 1);
        const [a, b] = [exportFile('a.csv', all.slice(0, split)), exportFile('b.csv', all.slice(split))];
        const one = openDatabase(tempDir());
        await importInto(one, a);
        await importInto(one, b);
        const other = openDatabase(tempDir());
        await importInto(other, b);
        await importInto(other, a);
        expect(reportOf(other)).toEqual(reportOf(one));
        one.close();
        other.close();
      }),
      { numRuns: 15 },
    );
  });
});
