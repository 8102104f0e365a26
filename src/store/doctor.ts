import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do about it, when not ok. */
  advice?: string;
}

const STUCK_MS = 10 * 60 * 1000;
const MIN_FREE_BYTES = 2 * 1024 ** 3;

/** Health of a data folder and its hot folder, each finding with what to do about it. */
export function diagnose(db: Db, dataDir: string, hotFolder: string, now = Date.now()): Check[] {
  const checks: Check[] = [];
  const integrity = String(db.pragma('integrity_check', { simple: true }));
  checks.push({ name: 'database', ok: integrity === 'ok', detail: integrity === 'ok' ? 'integrity check passed' : integrity, advice: 'restore the latest backup into a new data folder (phieu restore)' });

  const disk = fs.statfsSync(dataDir);
  const free = disk.bavail * disk.bsize;
  checks.push({ name: 'disk', ok: free >= MIN_FREE_BYTES, detail: `${(free / 1024 ** 3).toFixed(1)} GB free`, advice: 'free disk space or move the data folder: page images need room' });

  const secret = path.join(dataDir, 'secret.key');
  const secretStat = fs.statSync(secret, { throwIfNoEntry: false });
  const privateFile = secretStat !== undefined && (secretStat.mode & 0o077) === 0;
  checks.push({
    name: 'secret',
    ok: privateFile,
    detail: !secretStat ? 'secret.key is missing' : privateFile ? 'secret.key present, readable by its owner only' : 'secret.key is readable by others',
    advice: !secretStat ? 'restore secret.key from a backup: without it printed QR codes cannot be verified' : 'chmod 600 secret.key',
  });

  const processing = db.prepare("SELECT name FROM scan_files WHERE status = 'processing'").all() as { name: string }[];
  checks.push({ name: 'unfinished scans', ok: processing.length === 0, detail: processing.length ? `${processing.length} file(s) half read: ${processing.slice(0, 5).map((f) => f.name).join(', ')}` : 'none', advice: 'run phieu scan on them again (or let the hot folder retry): finished pages are kept' });

  const open = (db.prepare("SELECT count(*) AS n FROM review_items WHERE status = 'open'").get() as { n: number }).n;
  const referred = (db.prepare("SELECT count(*) AS n FROM review_items WHERE status = 'referred'").get() as { n: number }).n;
  checks.push({ name: 'review queue', ok: true, detail: `${open} item(s) waiting, ${referred} referred to a supervisor` });

  const stuck = fs.existsSync(hotFolder)
    ? fs.readdirSync(hotFolder, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.') && now - fs.statSync(path.join(hotFolder, e.name)).mtimeMs > STUCK_MS)
    : [];
  checks.push({ name: 'hot folder', ok: stuck.length === 0, detail: stuck.length ? `${stuck.length} file(s) waiting more than 10 minutes: ${stuck.slice(0, 5).map((e) => e.name).join(', ')}` : 'nothing stuck', advice: 'start phieu (or phieu watch) so the hot folder is read' });
  return checks;
}
