import type { PageRead, PlacedPage } from '../recognize/readPage.js';
import { writePageImage } from './ingestFiles.js';
import { keptScanFile } from './keptScans.js';
import type { ProcessedPage } from './processPage.js';
import type { PageWorkerPool } from './workerPool.js';

export interface PlacedScanPage {
  sha256: string;
  pageIndex: number;
  placed: PlacedPage;
}

export type PlacedRead =
  | { ok: true; read: Extract<PageRead, { kind: 'read' }>; imageFile?: string; clips: ProcessedPage['clips'] }
  | { ok: false; reason: 'noOriginal' | 'refused' | 'notOurForm' | Extract<PageRead, { kind: 'unreadable' }>['reason']; detail: string };

/**
 * Reads a stored page again from its original scan, as the form page a person placed it on, on the page workers (the
 * web server's event loop is not held). The de-skewed page image is written for the review screen; nothing is
 * stored in the database here.
 */
export async function readPlacedScanPage(dataDir: string, pool: PageWorkerPool, page: PlacedScanPage): Promise<PlacedRead> {
  const file = keptScanFile(dataDir, page.sha256);
  if (!file) return { ok: false, reason: 'noOriginal', detail: `no copy of the scan ${page.sha256} in the data folder` };
  const reply = await pool.run({ file, sha256: page.sha256, pageIndex: page.pageIndex, placed: page.placed });
  if (!reply.ok) return { ok: false, reason: 'refused', detail: reply.message };
  const { read } = reply.page;
  if (read.kind === 'read') {
    const { serial, page: pageNumber } = page.placed.qr;
    const imageFile = reply.page.pageImage && writePageImage(dataDir, `${page.sha256}-${page.pageIndex + 1}-placed-${serial}-${pageNumber}`, reply.page.pageImage);
    return { ok: true, read, imageFile, clips: reply.page.clips };
  }
  if (read.kind === 'unreadable') return { ok: false, reason: read.reason, detail: read.message };
  if (read.kind === 'refused') return { ok: false, reason: 'refused', detail: read.message };
  return { ok: false, reason: 'notOurForm', detail: 'message' in read ? read.message : read.kind };
}
