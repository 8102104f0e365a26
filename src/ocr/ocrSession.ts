import pLimit from 'p-limit';
import { createOcrEngine, VIETNAMESE_LANG_PATH, type OcrEngine, type OcrLayout, type OcrResult } from './ocrEngine.js';

export type OcrOutcome = ({ ok: true } & OcrResult) | { ok: false; reason: 'timeout' | 'unavailable' | 'failed'; message: string };

/**
 * A long-lived OCR engine shared by the page workers: started on the first zone that needs it (most pages have none),
 * kept for the next, and replaced when a zone takes longer than the timeout (tesseract cannot be interrupted, only
 * terminated). If the engine cannot start at all, every later zone is answered at once with the same reason.
 *
 * Zones are read one at a time, in the order asked: the engine's page-segmentation mode is set per zone, and a zone
 * read while another set the mode for a different layout came out as something else (a comment box read as one
 * line) — the suggestion then depended on which page worker asked first. Each zone's timeout starts at its turn.
 */
export class OcrSession {
  private engine: Promise<OcrEngine> | undefined;
  private readonly oneAtATime = pLimit(1);

  constructor(
    private readonly timeoutMs = 15_000,
    private readonly langPath = VIETNAMESE_LANG_PATH,
  ) {}

  read(png: Buffer, layout: OcrLayout): Promise<OcrOutcome> {
    return this.oneAtATime(() => this.readNow(png, layout));
  }

  private async readNow(png: Buffer, layout: OcrLayout): Promise<OcrOutcome> {
    this.engine ??= createOcrEngine(this.langPath);
    let engine: OcrEngine;
    try {
      engine = await this.engine;
    } catch (error) {
      return { ok: false, reason: 'unavailable', message: (error as Error).message };
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.timeoutMs)));
    try {
      const reading = engine.recognize(png, layout);
      // A zone given up on still fails later, once its engine is terminated under it: nobody waits for it any more.
      reading.catch(() => undefined);
      const result = await Promise.race([reading, timeout]);
      if (result !== 'timeout') return { ok: true, ...result };
      this.engine = undefined;
      void engine.close().catch(() => undefined);
      return { ok: false, reason: 'timeout', message: `OCR took longer than ${this.timeoutMs / 1000} s` };
    } catch (error) {
      return { ok: false, reason: 'failed', message: String((error as Error)?.message ?? error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (engine) await engine.then((e) => e.close()).catch(() => undefined);
  }
}
