import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PageJob, WorkerReply, WorkerSetup } from './pageWorker.js';

const ENTRY = new URL('./pageWorkerEntry.mjs', import.meta.url);

interface Slot {
  worker: Worker;
  busy: boolean;
}

/**
 * One worker thread per core reading pages. A page that takes longer than `pageTimeoutMs` gets its worker
 * terminated and replaced, so one poisonous page cannot stall a batch.
 */
export class PageWorkerPool {
  private slots: Slot[] = [];
  private waiting: ((slot: Slot) => void)[] = [];

  constructor(
    private setup: WorkerSetup,
    readonly size = Math.max(1, os.availableParallelism?.() ?? os.cpus().length),
    private pageTimeoutMs = 120_000,
  ) {
    for (let i = 0; i < size; i++) this.slots.push({ worker: this.spawn(), busy: false });
  }

  private spawn(): Worker {
    // A small heap makes V8 collect often, and with it the page images and clips (held outside the heap) that would
    // otherwise wait for a rare full collection: about 50 MB less at peak for two workers (bench/ingest).
    return new Worker(ENTRY, { workerData: this.setup, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 } });
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  async run(job: PageJob): Promise<WorkerReply> {
    const slot = await this.acquire();
    try {
      return await new Promise<WorkerReply>((resolve) => {
        const timer = setTimeout(() => {
          cleanup();
          void slot.worker.terminate();
          slot.worker = this.spawn();
          resolve({ ok: false, message: `page ${job.pageIndex + 1} took longer than ${this.pageTimeoutMs / 1000} s and was abandoned` });
        }, this.pageTimeoutMs);
        const onMessage = (reply: WorkerReply) => {
          cleanup();
          resolve(reply);
        };
        const onError = (error: Error) => {
          cleanup();
          slot.worker = this.spawn();
          resolve({ ok: false, message: `the page reader crashed (${error.message})` });
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
  }
}
