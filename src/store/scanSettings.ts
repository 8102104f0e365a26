import { z } from 'zod';
import type { Db } from './db.js';
import { readSetting, schemaSetting, writeSetting } from './settings.js';

export const DEFAULT_MAX_PAGES_PER_FILE = 500;

export const scanSettingsSchema = z.strictObject({
  /** Pages one scan file may hold: a 3,000-page file would hold the reading queue for hours, so it is refused whole. */
  maxPagesPerFile: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_PAGES_PER_FILE),
});

export type ScanSettings = z.infer<typeof scanSettingsSchema>;

const SCAN_SETTINGS = schemaSetting('scan.settings', 'invalidScanSettings', scanSettingsSchema);

export function scanSettings(db: Db): ScanSettings {
  return readSetting(db, SCAN_SETTINGS);
}

export function saveScanSettings(db: Db, value: unknown, actor: string): ScanSettings {
  return writeSetting(db, SCAN_SETTINGS, value, actor);
}
