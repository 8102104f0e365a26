import type { MessagePort } from 'node:worker_threads';
import type { OcrLayout } from '../ocr/ocrEngine.js';
import type { OcrOutcome, OcrSession } from '../ocr/ocrSession.js';

interface OcrRequest {
  id: number;
  png: Uint8Array;
  layout: OcrLayout;
}

interface OcrReply {
  id: number;
  outcome: OcrOutcome;
}

/**
 * The page workers share one OCR engine, kept by the pool's thread: a tesseract engine holds about 65 MB, and text
 * zones are few enough that one engine keeps up with every page worker. Each worker asks over a port of its own.
 */
export function serveOcr(port: MessagePort, session: OcrSession): void {
  port.on('message', async ({ id, png, layout }: OcrRequest) => {
    const outcome = await session.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength), layout);
    port.postMessage({ id, outcome } satisfies OcrReply);
  });
}

/** The worker's side: reads a zone through the shared engine. */
export function ocrOverPort(port: MessagePort): (png: Buffer, layout: OcrLayout) => Promise<OcrOutcome> {
  const waiting = new Map<number, (outcome: OcrOutcome) => void>();
  let next = 0;
  port.on('message', ({ id, outcome }: OcrReply) => {
    waiting.get(id)?.(outcome);
    waiting.delete(id);
  });
  return (png, layout) =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      port.postMessage({ id, png, layout } satisfies OcrRequest);
    });
}
