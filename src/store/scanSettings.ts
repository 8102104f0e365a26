import { z } from 'zod';
import { audit, type Db } from './db.js';

export const DEFAULT_MAX_PAGES_PER_FILE = 500;

export const scanSettingsSchema = z.strictObject({
  /** Pages one scan file may hold: a 3,000-page file would hold the reading queue for hours, so it is refused whole. */
  maxPagesPerFile: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_PAGES_PER_FILE),
});

export type ScanSettings = z.infer<typeof scanSettingsSchema>;

const KEY = 'scan.settings';

export function scanSettings(db: Db): ScanSettings {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
  return scanSettingsSchema.parse(row ? JSON.parse(row.value) : {});
}

export function saveScanSettings(db: Db, value: unknown, actor: string): ScanSettings {
  const parsed = scanSettingsSchema.safeParse(value);
  if (!parsed.success) throw new Error(`Thiết lập đọc bản quét không hợp lệ: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(parsed.data));
  audit(db, actor, 'setting', { [KEY]: parsed.data });
  return parsed.data;
}
