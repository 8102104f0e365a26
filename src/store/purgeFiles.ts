import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db.js';

/** The hot folder's sub-folders (src/ingest/hotFolder.ts), named here so the store does not depend on ingest. */
const ARCHIVE = 'archive';
const REJECTED = 'rejected';
/** Scans of other sources kept for their pages left to a person (src/ingest/keptScans.ts). */
const KEPT_SCANS = 'scans';

/** Files that carry personal data outside the database: scans, page images, registers, old backups. */
export interface PurgeFiles {
  pageImages: string[];
  uploads: string[];
  registers: string[];
  hotFolder: string[];
  /** Entries of `backups/` (folders and pre-migration copies): made before the purge, they still hold everything. */
  backups: string[];
}

export interface FileCounts {
  pageImages: number;
  uploads: number;
  registers: number;
  hotFolder: number;
  backups: number;
  bytes: number;
}

const filesIn = (dir: string, olderThan: number) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && !e.name.startsWith('.'))
        .map((e) => path.join(dir, e.name))
        .filter((f) => fs.statSync(f).mtimeMs <= olderThan)
    : [];

/**
 * The files of the closed round: page images of its pages (and the images placed pages had before), scans received
 * over HTTP or kept for pages left to a person, registers imported before the cut-off, read files in the hot folder's
 * archive and rejected folders, and every backup in the data folder.
 */
export function purgeFiles(db: Db, dataDir: string, cutoff: string, hotFolder?: string): PurgeFiles {
  const until = Date.parse(cutoff);
  const inData = (relative: string) => path.join(dataDir, relative);
  const pageImages = (
    db
      .prepare(
        `SELECT image_file FROM pages WHERE created_at <= @cutoff AND image_file IS NOT NULL
         UNION ALL SELECT a.original_image_file FROM page_assignments a JOIN pages p ON p.id = a.page_id WHERE p.created_at <= @cutoff AND a.original_image_file IS NOT NULL`,
      )
      .all({ cutoff }) as { image_file: string }[]
  )
    .map((r) => inData(r.image_file))
    .filter((f) => fs.existsSync(f));
  const uploads = (db.prepare(`SELECT stored_name FROM uploads WHERE received_at <= ? AND status IN ('done', 'rejected')`).all(cutoff) as { stored_name: string }[])
    .map((r) => path.join(dataDir, 'uploads', r.stored_name))
    .filter((f) => fs.existsSync(f))
    .concat(filesIn(inData(KEPT_SCANS), until));
  const backupsDir = inData('backups');
  return {
    pageImages,
    uploads,
    registers: filesIn(inData('registers'), until),
    hotFolder: hotFolder ? [...filesIn(path.join(hotFolder, ARCHIVE), until), ...filesIn(path.join(hotFolder, REJECTED), until)] : [],
    backups: fs.existsSync(backupsDir) ? fs.readdirSync(backupsDir).map((n) => path.join(backupsDir, n)) : [],
  };
}

function sizeOf(file: string): number {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return fs.readdirSync(file).reduce((n, name) => n + sizeOf(path.join(file, name)), 0);
}

export function countFiles(files: PurgeFiles): FileCounts {
  const all = [...files.pageImages, ...files.uploads, ...files.registers, ...files.hotFolder, ...files.backups];
  return {
    pageImages: files.pageImages.length,
    uploads: files.uploads.length,
    registers: files.registers.length,
    hotFolder: files.hotFolder.length,
    backups: files.backups.length,
    bytes: all.reduce((n, f) => n + sizeOf(f), 0),
  };
}

export function removeFiles(files: PurgeFiles): void {
  for (const file of [...files.pageImages, ...files.uploads, ...files.registers, ...files.hotFolder, ...files.backups]) fs.rmSync(file, { recursive: true, force: true });
}
