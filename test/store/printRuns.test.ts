import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { migrate, openDatabase } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { createPrintRun, findLayout, saveLayout } from '../../src/store/printRuns.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('print runs', () => {
  it('never hands out a serial twice, across runs and reopenings of the database', () => {
    const dir = tempDir();
    const survey = loadSurveyDefinition('quick');
    const layout = layoutForm(survey);
    const seen = new Set<number>();
    for (let round = 0; round < 3; round++) {
      const db = openDatabase(dir);
      saveLayout(db, survey, layout);
      const run = createPrintRun(db, { layoutHash: layout.hash, surveyId: survey.id, kind: 'blank', caseCodes: Array(25).fill(null) });
      for (const serial of run.serials) {
        expect(seen.has(serial)).toBe(false);
        seen.add(serial);
      }
      db.close();
    }
    expect(seen.size).toBe(75);
  });

  it('keeps the layout a QR points at, so old prints stay readable', () => {
    const db = openDatabase(tempDir());
    const survey = loadSurveyDefinition('sipas');
    const layout = layoutForm(survey);
    saveLayout(db, survey, layout);
    expect(findLayout(db, layout.hash)).toEqual({ survey, layout });
    expect(findLayout(db, 'ffffffffffff')).toBeUndefined();
  });

  it('refuses a database from a newer phieu and leaves it untouched', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(dir)).toThrow(/phiên bản 999, mới hơn phiên bản phieu này hiểu/);
  });

  it('rolls back a migration that fails, keeping the data', () => {
    const db = openDatabase(tempDir());
    db.prepare("INSERT INTO offices (code, name) VALUES ('X', 'UBND xã X')").run();
    const broken = { version: 999, name: 'broken', sql: 'ALTER TABLE offices ADD COLUMN extra TEXT; SELECT * FROM no_such_table;' };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/no such table/);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.prepare('SELECT name FROM offices').all()).toEqual([{ name: 'UBND xã X' }]);
    expect((db.prepare('PRAGMA table_info(offices)').all() as { name: string }[]).map((c) => c.name)).not.toContain('extra');
  });
});
