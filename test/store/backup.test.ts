import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { loadOrCreateSecret } from '../../src/io/secret.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { backupDataDir, countKeyRows, restoreBackup } from '../../src/store/backup.js';
import { openDatabase } from '../../src/store/db.js';
import { createPrintRun, saveLayout } from '../../src/store/printRuns.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

function printSome(dataDir: string, copies: number) {
  const db = openDatabase(dataDir);
  const survey = loadSurveyDefinition('quick');
  const layout = layoutForm(survey);
  saveLayout(db, survey, layout);
  createPrintRun(db, { layoutHash: layout.hash, surveyId: survey.id, kind: 'blank', caseCodes: Array(copies).fill(null) });
  return { db, layout, survey };
}

describe('backup and restore', () => {
  for (const method of ['backupApi', 'vacuumInto'] as const) {
    it(`restores every acknowledged row written before a ${method} backup taken while writes go on`, async () => {
      const dataDir = tempDir();
      loadOrCreateSecret(dataDir);
      const { db, layout, survey } = printSome(dataDir, 50);
      // A second connection keeps writing while the backup runs, as scanning would.
      const writer = openDatabase(dataDir);
      const timer = setInterval(() => createPrintRun(writer, { layoutHash: layout.hash, surveyId: survey.id, kind: 'blank', caseCodes: [null, null] }), 1);
      const before = countKeyRows(db);
      const backup = await backupDataDir(db, dataDir, path.join(tempDir(), 'b'), method);
      clearInterval(timer);
      expect(backup.counts.forms).toBeGreaterThanOrEqual(before.forms);
      const restoredDir = path.join(tempDir(), 'restored');
      const counts = restoreBackup(backup.dir, restoredDir);
      expect(counts).toEqual(backup.counts);
      expect(fs.readFileSync(path.join(restoredDir, 'secret.key'), 'utf8')).toBe(fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8'));
      expect(fs.statSync(path.join(restoredDir, 'secret.key')).mode & 0o077).toBe(0);
      const restored = openDatabase(restoredDir);
      expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
      restored.close();
      db.close();
      writer.close();
    });
  }

  it('refuses to restore over a folder that holds data', async () => {
    const dataDir = tempDir();
    const { db } = printSome(dataDir, 1);
    const backup = await backupDataDir(db, dataDir, path.join(tempDir(), 'b'));
    expect(() => restoreBackup(backup.dir, dataDir)).toThrow(`Thư mục ${dataDir} không trống: hãy khôi phục vào một thư mục mới.`);
    expect(() => restoreBackup(tempDir(), path.join(tempDir(), 'moi'))).toThrow(/không có phieu\.sqlite: không phải bản sao lưu của phieu/);
    db.close();
  });
});
