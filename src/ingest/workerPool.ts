import os from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { OcrSession } from '../ocr/ocrSession.js';
import { serveOcr } from './ocrPort.js';
import type { OpenJob, OpenReply, PageJob, WorkerReply, WorkerSetup, WorkerStart } from './pageWorker.js';
import { pageWorkerScript } from './pageWorkerScript.js';

interface Slot {
  worker: Worker;
  ocrPort: MessagePort;
  busy: boolean;
}

/**
 * One worker thread per core reading pages. A page that takes longer than `pageTimeoutMs` gets its worker
 * terminated and replaced, so one poisonous page cannot stall a batch.
 */
export class PageWorkerPool {
  private slots: Slot[];
  private waiting: ((slot: Slot) => void)[] = [];
  private ocr = new OcrSession();
  private script = pageWorkerScript();

  constructor(
    private setup: WorkerSetup,
    readonly size = Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
    private pageTimeoutMs = 120_000,
  ) {
    this.slots = Array.from({ length: size }, () => ({ ...this.spawn(), busy: false }));
  }

  private spawn(): Omit<Slot, 'busy'> {
    const { port1, port2 } = new MessageChannel();
    serveOcr(port1, this.ocr);
    const workerData: WorkerStart = { ...this.setup, ocrPort: port2 };
    // A small heap makes V8 collect often, and with it the page images and clips (held outside the heap) that would
    // otherwise wait for a rare full collection: about 50 MB less at peak for two workers (bench/ingest).
    const worker = new Worker(this.script, { workerData, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 } });
    return { worker, ocrPort: port1 };
  }

  /** A worker that hung or crashed is replaced, with a fresh port to the OCR engine. */
  private respawn(slot: Slot): void {
    void slot.worker.terminate();
    slot.ocrPort.close();
    Object.assign(slot, this.spawn());
  }

  private async acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return free;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  /** Reads one page on a worker. */
  run(job: PageJob): Promise<WorkerReply> {
    return this.ask<WorkerReply>(job, `trang ${job.pageIndex + 1} đọc quá ${this.pageTimeoutMs / 1000} giây nên bị bỏ dở`);
  }

  /** Opens a file on a worker to count its pages: parsing a large PDF would otherwise hold the main thread. */
  open(file: string, sha256: string): Promise<OpenReply> {
    return this.ask<OpenReply>({ open: true, file, sha256 } satisfies OpenJob, `mở tệp quá ${this.pageTimeoutMs / 1000} giây nên bị bỏ dở`);
  }

  private async ask<Reply extends { ok: boolean }>(job: PageJob | OpenJob, timedOut: string): Promise<Reply | { ok: false; message: string }> {
    const slot = await this.acquire();
    try {
      return await new Promise((resolve) => {
        const timer = setTimeout(() => {
          cleanup();
          this.respawn(slot);
          resolve({ ok: false, message: timedOut });
        }, this.pageTimeoutMs);
        const onMessage = (reply: Reply) => {
          cleanup();
          resolve(reply);
        };
        const onError = (error: Error) => {
          cleanup();
          this.respawn(slot);
          resolve({ ok: false, message: `bộ đọc trang bị lỗi (${error.message})` });
        };
        const cleanup = () => {
          clearTimeout(timer);
          slot.worker.off('message', onMessage);
          slot.worker.off('error', onError);
        };
        slot.worker.on('message', onMessage);
        slot.worker.on('error', onError);
        slot.worker.postMessage(job);
      });
    } finally {
      this.release(slot);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) s.ocrPort.close();
    await this.ocr.close();
  }
}
