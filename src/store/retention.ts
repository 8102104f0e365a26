import { z } from 'zod';
import type { Db } from './db.js';
import { readSetting, writeSetting, type Setting } from './settings.js';

/**
 * The retention setting. Personal data may be purged only once the survey round is closed and its results published
 * (Law 91/2025/QH15 on Personal Data Protection: kept no longer than the purpose needs). The moment the round is marked closed is also the
 * cut-off: what came in before it belongs to the closed round and may go; anything received later (the next round's
 * register, new scans) is left alone.
 */
export const retentionSettingsSchema = z.strictObject({
  /** When the round was marked closed and published (ISO time), and by whom; null while the round runs. */
  roundClosedAt: z.iso.datetime().nullable().default(null),
  roundClosedBy: z.string().max(64).nullable().default(null),
});

export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

const RETENTION: Setting<RetentionSettings> = { key: 'retention', parse: (v) => retentionSettingsSchema.parse(v), unset: {} };

export function retentionSettings(db: Db): RetentionSettings {
  return readSetting(db, RETENTION);
}

/** Records that the round is closed and its results published (or, with `closed: false`, that it is open again). */
export function setRoundClosed(db: Db, closed: boolean, actor: string, at = new Date()): RetentionSettings {
  const current = retentionSettings(db);
  return writeSetting(db, RETENTION, { ...current, roundClosedAt: closed ? at.toISOString() : null, roundClosedBy: closed ? actor : null }, actor);
}
