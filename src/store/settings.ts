import type { z } from 'zod';
import { PhieuError } from '../errors/errorTable.js';
import { describeIssues, vietnameseIssues } from '../errors/zodVietnamese.js';
import { audit, type Db } from './db.js';

/**
 * A setting kept in the `settings` table: its key, and the check its value must pass (a zod schema's parse, which
 * says in Vietnamese what is wrong) both when a person sets it and when it is read back. `unset` is what it is when
 * never set, also passed through the check, so defaults live in one place.
 */
export interface Setting<T> {
  key: string;
  parse: (value: unknown) => T;
  unset: unknown;
}

/** A setting checked by a zod schema; a refused value is said by its error code, with what is wrong field by field. */
export function schemaSetting<T>(key: string, refusal: 'invalidBackupSchedule' | 'invalidScanSettings' | 'invalidOfficeLevels' | 'invalidReportTemplate', schema: z.ZodType<T>, unset: unknown = {}): Setting<T> {
  return {
    key,
    unset,
    parse: (value) => {
      const parsed = schema.safeParse(value, { error: vietnameseIssues });
      if (!parsed.success) throw new PhieuError(refusal, { problems: describeIssues(parsed.error) });
      return parsed.data;
    },
  };
}

/** The setting in force: its stored value, checked, or its value when never set. */
export function readSetting<T>(db: Db, setting: Setting<T>): T {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(setting.key) as { value: string } | undefined;
  return setting.parse(row ? JSON.parse(row.value) : setting.unset);
}

/** Checks a new value, stores it and audits who changed it (one `setting` event, read as a sentence in the audit log). */
export function writeSetting<T>(db: Db, setting: Setting<T>, value: unknown, actor: string): T {
  const checked = setting.parse(value);
  db.transaction(() => {
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(setting.key, JSON.stringify(checked));
    audit(db, actor, 'setting', { [setting.key]: checked });
  })();
  return checked;
}
