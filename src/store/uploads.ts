import type { Db } from './db.js';

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
