import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE, type Db } from './db.js';

/** Rows whose counts prove a backup holds what was acknowledged. */
const KEY_TABLES = ['forms', 'scan_files', 'pages', 'review_items', 'corrections', 'audit_events'] as const;

export interface BackupReport {
  dir: string;
  method: 'backupApi' | 'vacuumInto';
  ms: number;
  bytes: number;
  images: number;
  counts: Record<string, number>;
}

export function countKeyRows(db: Db): Record<string, number> {
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  return Object.fromEntries(KEY_TABLES.filter((t) => tables.has(t)).map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
}

/**
 * A consistent copy of a live data folder: the database through SQLite's online backup API (or VACUUM INTO), checked
 * with integrity_check, plus the secret and the page images. Scanning and review may go on meanwhile.
 */
export async function backupDataDir(db: Db, dataDir: string, targetDir: string, method: BackupReport['method'] = 'backupApi'): Promise<BackupReport> {
  if (fs.existsSync(targetDir) && fs.readdirSync(targetDir).length > 0) throw new Error(`${targetDir} is not empty; a backup goes into a new folder`);
  fs.mkdirSync(targetDir, { recursive: true });
  const started = Date.now();
  const target = path.join(targetDir, DB_FILE);
  if (method === 'backupApi') await db.backup(target);
  else db.prepare('VACUUM INTO ?').run(target);
  const ms = Date.now() - started;
  const copy = new Database(target, { readonly: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`the backup failed its integrity check: ${String(check)}`);
    const counts = countKeyRows(copy);
    for (const file of ['secret.key', 'session.key']) {
      const source = path.join(dataDir, file);
      if (fs.existsSync(source)) fs.copyFileSync(source, path.join(targetDir, file));
    }
    // Page images are written once and never changed: the ones the copied rows name are all there by now.
    const images = (copy.prepare('SELECT image_file FROM pages WHERE image_file IS NOT NULL').all() as { image_file: string }[]).map((r) => r.image_file);
    for (const image of images) {
      const to = path.join(targetDir, image);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(path.join(dataDir, image), to);
    }
    fs.writeFileSync(path.join(targetDir, 'backup.json'), JSON.stringify({ method, at: new Date().toISOString(), counts, images: images.length }, null, 2));
    return { dir: targetDir, method, ms, bytes: fs.statSync(target).size, images: images.length, counts };
  } finally {
    copy.close();
  }
}

/** Restores a backup into a new, empty data folder, after checking it. */
export function restoreBackup(backupDir: string, dataDir: string): Record<string, number> {
  const source = path.join(backupDir, DB_FILE);
  if (!fs.existsSync(source)) throw new Error(`${backupDir} holds no ${DB_FILE}: not a phieu backup`);
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) throw new Error(`${dataDir} is not empty; restore into a new folder`);
  const check = new Database(source, { readonly: true });
  try {
    if (check.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error('the backup is damaged (integrity check failed)');
  } finally {
    check.close();
  }
  fs.cpSync(backupDir, dataDir, { recursive: true, filter: (src) => path.basename(src) !== 'backup.json' });
  for (const file of ['secret.key', 'session.key']) {
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
