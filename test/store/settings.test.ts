import { describe, expect, it } from 'vitest';
import { doubleEntryEnabled, setDoubleEntry } from '../../src/review/queue.js';
import { DEFAULT_TIERS } from '../../src/sampling/tiers.js';
import { backupSchedule, saveBackupSchedule } from '../../src/store/backupSchedule.js';
import { openDatabase } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { resultSettings } from '../../src/report/resultsReport.js';
import { loadSampleTiers, saveSampleTiers } from '../../src/planning/tiers.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('settings', () => {
  it('give their defaults when never set, and each change is one audited setting event naming its key', () => {
    const db = openDatabase(tempDir());
    expect(loadSampleTiers(db)).toEqual(DEFAULT_TIERS);
    expect(doubleEntryEnabled(db)).toBe(false);
    const tiers = [{ below: 50, sample: 'all' }, { below: null, sample: 60 }];
    saveSampleTiers(db, tiers, 'planner');
    setDoubleEntry(db, true, 'supervisor');
    saveBackupSchedule(db, { everyHours: 12, keep: 5 }, 'admin');
    expect(loadSampleTiers(db)).toEqual(tiers);
    expect(doubleEntryEnabled(db)).toBe(true);
    expect(backupSchedule(db)).toMatchObject({ everyHours: 12, keep: 5 });
    const events = db.prepare(`SELECT actor, action, detail_json AS detail FROM audit_events WHERE action = 'setting' ORDER BY id`).all() as { actor: string; detail: string }[];
    expect(events.map((e) => [e.actor, Object.keys(JSON.parse(e.detail))])).toEqual([
      ['planner', ['sampling.tiers']],
      ['supervisor', ['review.doubleEntry']],
      ['admin', ['backup.schedule']],
    ]);
    db.close();
  });

  it('refuse a stored value that no longer passes its check instead of using it', () => {
    const db = openDatabase(tempDir());
    db.prepare(`INSERT INTO settings (key, value) VALUES ('sampling.tiers', ?)`).run(JSON.stringify([{ below: 100, sample: 'all' }]));
    db.prepare(`INSERT INTO settings (key, value) VALUES ('results.settings', ?)`).run(JSON.stringify({ maxFormsPerPerson: 'ba' }));
    expect(() => loadSampleTiers(db)).toThrow(/bậc cuối cùng/);
    expect(() => resultSettings(db)).toThrow(/không hợp lệ/);
    db.close();
  });

  it('read the double-entry switch stored as on/off by an earlier phieu', () => {
    const dir = tempDir();
    const old = openDatabase(dir, MIGRATIONS.filter((m) => m.version <= 9));
    old.prepare(`INSERT INTO settings (key, value) VALUES ('review.doubleEntry', 'on')`).run();
    old.close();
    const db = openDatabase(dir);
    expect(doubleEntryEnabled(db)).toBe(true);
    db.close();
  });
});
