import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { logEvent } from '../io/log.js';
import { detectFormat, DEFAULT_LIMITS } from '../ingest/decode.js';
import { HotFolder, REJECTED, type HotFolderEvent } from '../ingest/hotFolder.js';
import { ingestFiles, type IngestProgress } from '../ingest/ingestFiles.js';
import { PageWorkerPool } from '../ingest/workerPool.js';
import { audit, type Db } from '../store/db.js';
import { scanSettings } from '../store/scanSettings.js';
import { uploadStates, type UploadState } from '../store/uploads.js';
import { PhieuError } from '../errors/errorTable.js';
import { finishUpload, hasQueuedUpload, recordUpload, requeueInterrupted, takeNextUpload, uploadsOverview, uploadsWaiting } from '../store/uploads.js';

export interface UploadRequest {
  originalName: string;
  actor: string;
  batch?: string;
  source: 'upload' | 'station';
  maxBytes: number;
  /** A station declares the file's sha256 first: a file damaged on the way is refused, not read. */
  expectedSha256?: string;
}

export interface UploadReceipt {
  id: number;
  sha256: string;
  status: 'queued' | 'done';
  /** The same content was received before: nothing is read twice. */
  alreadyKnown: boolean;
}

// An upload being received, before it is known whole and named by its sha256.
const INCOMING = '.incoming-';
// Files waiting in the queue at once, across all senders: past this a sender is asked to wait, not the disk filled.
const MAX_QUEUED = 2000;
// Room left on the disk after an upload, so the database and page images can still grow.
const DISK_RESERVE_BYTES = 512 * 1024 * 1024;

/**
 * Scans arriving over HTTP and through the hot folder, read one file at a time by one shared page-worker pool.
 * Uploads are written under a generated name, checked by content, recorded, then read by the same `ingestFiles` as
 * the CLI; the queue lives in the database, so files received before a restart are read after it.
 */
export class ScanService {
  private pool?: PageWorkerPool;
  private running?: Promise<void>;
  private current?: { uploadId: number; name: string; progress?: IngestProgress; stop: AbortController; stoppedBy?: string };
  private hotFolder?: HotFolder;
  private hotTimer?: NodeJS.Timeout;
  private hotEvents: { file: string; status: HotFolderEvent['status']; reason?: string; pages: number; at: string }[] = [];
  readonly uploadDir: string;

  constructor(
    private db: Db,
    private dataDir: string,
    private poolSize?: number,
    /** Where events go (the server's log, whose lines a test can silence). */
    private log: (event: string, details: Record<string, unknown>) => void = logEvent,
  ) {
    this.uploadDir = path.join(dataDir, 'uploads');
    fs.mkdirSync(this.uploadDir, { recursive: true });
    // Files half-received when the server last stopped: their senders were never told they arrived, and resend them.
    for (const name of fs.readdirSync(this.uploadDir)) if (name.startsWith(INCOMING)) fs.rmSync(path.join(this.uploadDir, name), { force: true });
    requeueInterrupted(db);
    this.kick();
  }

  private workers(): PageWorkerPool {
    this.pool ??= new PageWorkerPool({ dataDir: this.dataDir, limits: DEFAULT_LIMITS }, this.poolSize);
    return this.pool;
  }

  /** Streams one file to disk, hashing it on the way; refuses it past `maxBytes` or when it is not a scan. */
  async receive(body: Readable, request: UploadRequest): Promise<UploadReceipt> {
    if (uploadsWaiting(this.db) >= MAX_QUEUED) throw new PhieuError('scanQueueFull', {});
    const free = fs.statfsSync(this.uploadDir);
    if (free.bavail * free.bsize < request.maxBytes + DISK_RESERVE_BYTES) throw new PhieuError('diskAlmostFull', {});

    const temp = path.join(this.uploadDir, `${INCOMING}${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    try {
      await pipeline(
        body,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > request.maxBytes) throw new PhieuError('fileTooLarge', { limit: request.maxBytes });
            if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16)]);
            hash.update(chunk);
            yield chunk;
          }
        },
        fs.createWriteStream(temp),
      );
      if (size === 0) throw new PhieuError('emptyFile', {});
      let format: string;
      try {
        format = detectFormat(head);
      } catch {
        throw new PhieuError('notAScanFile', { file: request.originalName });
      }
      const sha256 = hash.digest('hex');
      if (request.expectedSha256 && request.expectedSha256 !== sha256) {
        throw new PhieuError('checksumMismatch', {});
      }
      const storedName = `${sha256}.${format}`;
      fs.renameSync(temp, path.join(this.uploadDir, storedName));
      return this.record(sha256, storedName, format, size, request);
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  private record(sha256: string, storedName: string, format: string, size: number, request: UploadRequest): UploadReceipt {
    const recorded = recordUpload(this.db, { sha256, storedName, format, size, originalName: request.originalName, actor: request.actor, batch: request.batch, source: request.source });
    this.kick();
    return { ...recorded, sha256 };
  }

  /** Starts reading the queue unless it is being read. */
  private kick(): void {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      if (hasQueuedUpload(this.db)) this.kick();
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      const next = takeNextUpload(this.db);
      if (!next) return;
      const current = (this.current = { uploadId: next.id, name: next.originalName, stop: new AbortController(), stoppedBy: undefined as string | undefined });
      try {
        const file = path.join(this.uploadDir, next.storedName);
        const summary = await ingestFiles([file], {
          maxPagesPerFile: scanSettings(this.db).maxPagesPerFile,
          signal: current.stop.signal,
          db: this.db,
          names: new Map([[file, next.originalName]]),
          dataDir: this.dataDir,
          source: next.uploadedBy.startsWith('station:') ? 'station' : 'upload',
          batch: next.batch ?? undefined,
          pool: this.workers(),
          actor: next.uploadedBy,
          onProgress: (progress) => {
            if (this.current) this.current.progress = progress;
          },
        });
        for (const warning of summary.warnings) logEvent('scan.scannerSetting', { file: next.originalName, warning });
        const read = summary.files[0];
        if (summary.cancelled) {
          // The pages read so far are kept; sending the same file again reads only the rest.
          const reason = `Đã dừng theo yêu cầu của ${current.stoppedBy} sau ${summary.pages} trang; gửi lại tệp này để đọc tiếp phần còn lại.`;
          finishUpload(this.db, next.id, { status: 'rejected', error: reason, pages: summary.pages });
          continue;
        }
        const rejected = read?.status === 'rejected' || (read?.status === 'alreadyDone' && read.reason !== undefined);
        finishUpload(this.db, next.id, { status: rejected ? 'rejected' : 'done', error: read?.reason ?? null, pages: read?.pages ?? 0 });
      } catch (error) {
        // An error the readers did not foresee (a library's own, in English) goes to the log; the sender reads what to do.
        this.log('upload.failed', { upload: next.id, message: (error as Error).message, stack: (error as Error).stack ?? null });
        finishUpload(this.db, next.id, { status: 'rejected', error: 'Tệp hỏng hoặc không đọc được; hãy quét lại rồi gửi lại.' });
      } finally {
        this.current = undefined;
      }
    }
  }

  /**
   * Stops reading the given upload, if it is the one being read: no new page is started, pages being read are stored.
   * False when that upload is not being read (already finished, or not started).
   */
  cancel(uploadId: number, actor: string): boolean {
    const current = this.current;
    if (current?.uploadId !== uploadId) return false;
    current.stoppedBy ??= actor;
    current.stop.abort();
    audit(this.db, actor, 'scan.cancel', { upload: uploadId, name: current.name });
    return true;
  }

  /** Watches the scans folder: files dropped there are read, then archived or rejected with a note. */
  watchHotFolder(dir: string, everyMs = 3000): void {
    fs.mkdirSync(dir, { recursive: true });
    this.hotFolder = new HotFolder(dir, { db: this.db, dataDir: this.dataDir, pool: this.workers(), actor: 'hotFolder' }, (event) => {
      this.hotEvents.unshift({ file: path.basename(event.file), status: event.status, reason: event.reason, pages: event.summary.pages, at: new Date().toISOString() });
      this.hotEvents.length = Math.min(this.hotEvents.length, 50);
    });
    const tick = async () => {
      try {
        await this.hotFolder?.poll();
      } catch (error) {
        this.log('hotFolder.error', { message: (error as Error).message });
      }
      if (this.hotFolder) this.hotTimer = setTimeout(tick, everyMs);
    };
    this.hotTimer = setTimeout(tick, everyMs);
  }

  /** The watched hot folder, if any. */
  hotFolderDir(): string | undefined {
    return this.hotFolder?.dir;
  }

  status() {
    const { uploads, rejectedFiles, counts } = uploadsOverview(this.db);
    const hot = this.hotFolder;
    return {
      current: this.current ? { uploadId: this.current.uploadId, name: this.current.name, progress: this.current.progress } : null,
      counts,
      uploads,
      rejectedFiles,
      hotFolder: hot
        ? {
            dir: hot.dir,
            pending: hot.pending().map((f) => path.basename(f)),
            rejected: fs.readdirSync(path.join(hot.dir, REJECTED)).filter((n) => !n.endsWith('.txt')),
            recent: this.hotEvents,
          }
        : null,
    };
  }

  /** Where the given uploads stand now, the one being read with its page progress: the sender follows its own files. */
  uploads(ids: number[]): (UploadState & { progress?: IngestProgress })[] {
    return uploadStates(this.db, ids).map((upload) => {
      const progress = this.current?.uploadId === upload.id ? this.current.progress : undefined;
      return progress ? { ...upload, progress } : upload;
    });
  }

  /** Resolves once every queued file has been read (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    clearTimeout(this.hotTimer);
    this.hotFolder = undefined;
    await this.idle();
    await this.pool?.close();
    this.pool = undefined;
  }

  /** The shared pool, for other long jobs (the demo) that read scans. */
  sharedPool(): PageWorkerPool {
    return this.workers();
  }
}
