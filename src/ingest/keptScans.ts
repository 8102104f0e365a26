import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../io/privateFiles.js';
import { detectFormat, type ScanFormat } from './decode.js';

/**
 * Scans kept in the data folder by their sha256: files received over HTTP stay in `uploads/`; a file from the command
 * line or the hot folder is copied into `scans/` when one of its pages waits for a person, so that page can be read
 * again from the original once it is placed on a form.
 */
const FOLDERS = ['uploads', 'scans'] as const;
const FORMATS: ScanFormat[] = ['pdf', 'tiff', 'jpeg', 'png'];

export function keptScanFile(dataDir: string, sha256: string): string | undefined {
  for (const folder of FOLDERS) {
    for (const format of FORMATS) {
      const file = path.join(dataDir, folder, `${sha256}.${format}`);
      if (fs.existsSync(file)) return file;
    }
  }
  return undefined;
}

export function keepScanFile(dataDir: string, file: string, sha256: string): void {
  if (keptScanFile(dataDir, sha256)) return;
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const target = path.join(dataDir, 'scans', `${sha256}.${detectFormat(head)}`);
  makePrivateDir(path.dirname(target));
  fs.copyFileSync(file, `${target}.tmp`);
  // A copy keeps the mode of the file the scanner wrote, readable by all as often as not.
  fs.chmodSync(`${target}.tmp`, PRIVATE_FILE_MODE);
  fs.renameSync(`${target}.tmp`, target);
}
