import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PhieuError } from '../errors/errorTable.js';
import { checkCopy, vacuumIntoAndCheck, type CopyCheck } from './backupWorker.js';
import { DB_FILE, type Db } from './db.js';

/** Rows whose counts prove a backup holds what was acknowledged. */
const KEY_TABLES = ['forms', 'scan_files', 'pages', 'review_items', 'corrections', 'audit_events'] as const;
/** What the rows of each key table are, for people reading a backup's counts. */
export const KEY_TABLE_LABELS: Record<(typeof KEY_TABLES)[number], string> = {
  forms: 'phiếu',
  scan_files: 'tệp quét',
  pages: 'trang',
  review_items: 'mục duyệt',
  corrections: 'lần sửa',
  audit_events: 'dòng nhật ký',
};
/** Kept outside the database (QR signing, session ids): a restore without them cannot verify forms or keep sessions. */
export const SECRET_FILES = ['secret.key', 'session.key'] as const;

export interface BackupReport {
  dir: string;
  method: 'backupApi' | 'vacuumInto';
  /** Copying and checking the database. */
  ms: number;
  /** Everything, page images included. */
  totalMs: number;
  bytes: number;
  images: number;
  counts: Record<string, number>;
}

export function countKeyRows(db: Db): Record<string, number> {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  return Object.fromEntries(KEY_TABLES.filter((t) => tables.has(t)).map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

const IMAGE_COPIES_AT_ONCE = 16;

/**
 * A consistent copy of a live data folder: the database (by default VACUUM INTO from a connection of its own in a
 * worker thread; `backupApi` is SQLite's online backup through `db`), checked with integrity_check, plus the
 * secrets and the page images. Scanning and review go on meanwhile; the web server's event loop is never held.
 */
export async function backupDataDir(db: Db, dataDir: string, targetDir: string, method: BackupReport['method'] = 'vacuumInto'): Promise<BackupReport> {
  if (fs.existsSync(targetDir) && fs.readdirSync(targetDir).length > 0) throw new PhieuError('folderNotEmpty', { folder: targetDir, purpose: 'backup' });
  fs.mkdirSync(targetDir, { recursive: true });
  const started = Date.now();
  const target = path.join(targetDir, DB_FILE);
  let check: CopyCheck;
  if (method === 'backupApi') {
    await db.backup(target);
    check = await checkCopy(target, KEY_TABLES);
  } else {
    check = await vacuumIntoAndCheck(db.name, target, KEY_TABLES);
  }
  const ms = Date.now() - started;
  if (check.integrity !== 'ok') throw new PhieuError('backupUnchecked', { finding: check.integrity });
  for (const file of SECRET_FILES) {
    const source = path.join(dataDir, file);
    if (fs.existsSync(source)) fs.copyFileSync(source, path.join(targetDir, file));
  }
  // Page images are written before their page's row commits and never changed: every one the copy names exists.
  const copy = new Database(target, { readonly: true });
  let images: string[];
  try {
    images = (
      copy
        .prepare(
          `SELECT image_file FROM pages WHERE image_file IS NOT NULL
           UNION ALL SELECT original_image_file FROM page_assignments WHERE original_image_file IS NOT NULL`,
        )
        .all() as { image_file: string }[]
    ).map((r) => r.image_file);
  } finally {
    copy.close();
  }
  for (let i = 0; i < images.length; i += IMAGE_COPIES_AT_ONCE) {
    await Promise.all(
      images.slice(i, i + IMAGE_COPIES_AT_ONCE).map(async (image) => {
        const to = path.join(targetDir, image);
        await fs.promises.mkdir(path.dirname(to), { recursive: true });
        await fs.promises.copyFile(path.join(dataDir, image), to);
      }),
    );
  }
  const totalMs = Date.now() - started;
  fs.writeFileSync(path.join(targetDir, 'backup.json'), JSON.stringify({ method, at: new Date().toISOString(), counts: check.counts, images: images.length }, null, 2));
  return { dir: targetDir, method, ms, totalMs, bytes: fs.statSync(target).size, images: images.length, counts: check.counts };
}

/** Restores a backup into a new, empty data folder, after checking it. */
export function restoreBackup(backupDir: string, dataDir: string): Record<string, number> {
  const source = path.join(backupDir, DB_FILE);
  if (!fs.existsSync(source)) throw new PhieuError('notABackup', { folder: backupDir, file: DB_FILE });
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) throw new PhieuError('folderNotEmpty', { folder: dataDir, purpose: 'restore' });
  const check = new Database(source, { readonly: true });
  try {
    if (check.pragma('integrity_check', { simple: true }) !== 'ok') throw new PhieuError('backupBroken', {});
  } finally {
    check.close();
  }
  fs.cpSync(backupDir, dataDir, { recursive: true, filter: (src) => path.basename(src) !== 'backup.json' });
  for (const file of SECRET_FILES) {
    const restored = path.join(dataDir, file);
    if (fs.existsSync(restored)) fs.chmodSync(restored, 0o600);
  }
  const db = new Database(path.join(dataDir, DB_FILE), { readonly: true });
  try {
    return countKeyRows(db);
  } finally {
    db.close();
  }
}
