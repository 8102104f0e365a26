import fs from 'node:fs';
import path from 'node:path';

/**
 * The data folder holds names, phone numbers and page images: it is the service user's alone, folders 0700 and files
 * 0600, whatever the umask of the shell that started phieu.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** For processes of phieu: every file and folder they create is private from the start (workers share it). */
export const PRIVATE_UMASK = 0o077;

/** Makes the folder (and its parents) private if it has to be made; an existing folder is left as it is. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates an empty file readable by its owner only, unless it exists: SQLite then gives its -wal and -shm the same mode. */
export function touchPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
}

export interface LooseEntry {
  /** Relative to the folder looked at; '.' for the folder itself. */
  path: string;
  mode: number;
  dir: boolean;
}

/** The folder itself and everything under it that others than the owner may read, write or enter. */
export function looseEntries(root: string): LooseEntry[] {
  const loose: LooseEntry[] = [];
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    const stat = fs.lstatSync(full, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink()) return;
    if (stat.mode & 0o077) loose.push({ path: relative, mode: stat.mode & 0o777, dir: stat.isDirectory() });
    if (stat.isDirectory()) for (const name of fs.readdirSync(full)) visit(relative === '.' ? name : path.join(relative, name));
  };
  visit('.');
  return loose;
}

/** Takes every permission of others away from the folder and everything under it; the number of entries changed. */
export function tightenPermissions(root: string): number {
  const loose = looseEntries(root);
  for (const entry of loose) fs.chmodSync(path.join(root, entry.path), entry.mode & 0o700);
  return loose.length;
}
