import { audit, type Db } from './db.js';

export type UploadStatus = 'queued' | 'processing' | 'done' | 'rejected';

/** Where one received file stands: waiting, being read, read (with its page count) or refused (with the reason). */
export interface UploadState {
  id: number;
  name: string;
  status: UploadStatus;
  pages: number | null;
  error: string | null;
}

export function uploadStates(db: Db, ids: number[]): UploadState[] {
  return db
    .prepare(`SELECT id, original_name AS name, status, pages, error FROM uploads WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`)
    .all(JSON.stringify(ids)) as UploadState[];
}

/** A received file waiting in the queue, as the reader takes it. */
export interface QueuedUpload {
  id: number;
  storedName: string;
  originalName: string;
  uploadedBy: string;
  batch: string | null;
}

/** Files being read when the server stopped go back to the queue. */
export function requeueInterrupted(db: Db): void {
  db.prepare(`UPDATE uploads SET status = 'queued' WHERE status = 'processing'`).run();
}

export function uploadsWaiting(db: Db): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM uploads WHERE status IN ('queued', 'processing')`).get() as { n: number }).n;
}

/**
 * Records a received file: a file already waiting is not queued twice (its upload is returned), and a file already
 * read is recorded as done at once.
 */
export function recordUpload(
  db: Db,
  upload: { sha256: string; storedName: string; originalName: string; size: number; format: string; actor: string; batch?: string; source: string },
): { id: number; status: 'queued' | 'done'; alreadyKnown: boolean } {
  const inQueue = db.prepare(`SELECT id FROM uploads WHERE sha256 = ? AND status IN ('queued', 'processing')`).get(upload.sha256) as { id: number } | undefined;
  if (inQueue) return { id: inQueue.id, status: 'queued', alreadyKnown: true };
  const known = db.prepare(`SELECT status FROM scan_files WHERE sha256 = ? AND status IN ('done', 'rejected')`).get(upload.sha256) as { status: string } | undefined;
  const status = known ? 'done' : 'queued';
  const { id } = db
    .prepare(
      `INSERT INTO uploads (stored_name, original_name, size, format, sha256, uploaded_by, batch, status, error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (stored_name) DO UPDATE SET status = excluded.status, received_at = excluded.received_at RETURNING id`,
    )
    .get(upload.storedName, upload.originalName.slice(0, 255), upload.size, upload.format, upload.sha256, upload.actor, upload.batch ?? null, status, known ? 'đã nhận trước đó' : null) as {
    id: number;
  };
  audit(db, upload.actor, 'upload', { name: upload.originalName, sha256: upload.sha256, size: upload.size, source: upload.source, alreadyKnown: Boolean(known) });
  return { id, status, alreadyKnown: Boolean(known) };
}

/** The oldest file waiting, marked as being read; undefined when none waits. */
export function takeNextUpload(db: Db): QueuedUpload | undefined {
  return db.transaction(() => {
    const next = db
      .prepare(`SELECT id, stored_name AS storedName, original_name AS originalName, uploaded_by AS uploadedBy, batch FROM uploads WHERE status = 'queued' ORDER BY id LIMIT 1`)
      .get() as QueuedUpload | undefined;
    if (next) db.prepare(`UPDATE uploads SET status = 'processing' WHERE id = ?`).run(next.id);
    return next;
  })();
}

export function hasQueuedUpload(db: Db): boolean {
  return Boolean(db.prepare(`SELECT 1 FROM uploads WHERE status = 'queued' LIMIT 1`).get());
}

/** How reading a file ended: read, or refused with the reason (pages: those kept). */
export function finishUpload(db: Db, id: number, outcome: { status: 'done' | 'rejected'; error: string | null; pages?: number }): void {
  if (outcome.pages === undefined) db.prepare(`UPDATE uploads SET status = ?, error = ? WHERE id = ?`).run(outcome.status, outcome.error, id);
  else db.prepare(`UPDATE uploads SET status = ?, error = ?, pages = ? WHERE id = ?`).run(outcome.status, outcome.error, outcome.pages, id);
}

/** The scanning screen's view: the last 50 uploads, the last 50 files refused, and how many wait. */
export function uploadsOverview(db: Db) {
  return {
    uploads: db
      .prepare(`SELECT id, original_name AS name, size, status, error, pages, batch, uploaded_by AS uploadedBy, received_at AS receivedAt FROM uploads ORDER BY id DESC LIMIT 50`)
      .all(),
    rejectedFiles: db.prepare(`SELECT name, error, received_at AS receivedAt, source FROM scan_files WHERE status = 'rejected' ORDER BY received_at DESC LIMIT 50`).all(),
    counts: db.prepare(`SELECT COUNT(*) FILTER (WHERE status = 'queued') AS queued, COUNT(*) FILTER (WHERE status = 'processing') AS processing FROM uploads`).get(),
  };
}
