import { z } from 'zod';
import { audit, type Db } from './db.js';

/**
 * The retention setting. Personal data may be purged only once the survey round is closed and its results published
 * (Decree 13/2023/NĐ-CP: kept no longer than the purpose needs). The moment the round is marked closed is also the
 * cut-off: what came in before it belongs to the closed round and may go; anything received later (the next round's
 * register, new scans) is left alone.
 */
export const retentionSettingsSchema = z.strictObject({
  /** When the round was marked closed and published (ISO time), and by whom; null while the round runs. */
  roundClosedAt: z.iso.datetime().nullable().default(null),
  roundClosedBy: z.string().max(64).nullable().default(null),
});

export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

const KEY = 'retention';

export function retentionSettings(db: Db): RetentionSettings {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  return retentionSettingsSchema.parse(row ? JSON.parse(row.value) : {});
}

function save(db: Db, settings: RetentionSettings, actor: string): RetentionSettings {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(settings));
  audit(db, actor, 'setting', { [KEY]: settings });
  return settings;
}

/** Records that the round is closed and its results published (or, with `closed: false`, that it is open again). */
export function setRoundClosed(db: Db, closed: boolean, actor: string, at = new Date()): RetentionSettings {
  const current = retentionSettings(db);
  return save(db, { ...current, roundClosedAt: closed ? at.toISOString() : null, roundClosedBy: closed ? actor : null }, actor);
}
