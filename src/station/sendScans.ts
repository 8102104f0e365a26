import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { isPhieuError, PhieuError } from '../errors/errorTable.js';
import { sha256File } from '../ingest/ingestFiles.js';

export interface SendOptions {
  server: string;
  token: string;
  batch?: string;
  /** Attempts per request before a file is given up on (a dropped link is retried with a growing pause). */
  attempts?: number;
  retryPauseMs?: number;
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface SentFile {
  file: string;
  sha256: string;
  status: 'sent' | 'alreadyOnServer' | 'failed';
  reason?: string;
}

/**
 * A scanning station's side of the upload API. Each file is named by its sha256: the server is asked first whether it
 * has it, so running the same command again after a dropped connection sends only what did not arrive, and the
 * server reads nothing twice.
 */
export async function sendScans(files: string[], options: SendOptions): Promise<SentFile[]> {
  const base = new URL('/api/station/files/', options.server);
  const headers = { Authorization: `Bearer ${options.token}` };
  const results: SentFile[] = [];
  for (const [index, file] of files.entries()) {
    const sha256 = await sha256File(file);
    const url = new URL(sha256, base);
    try {
      const known = (await retrying(options, () => request(url, { headers }))) as { known: boolean };
      if (known.known) results.push({ file, sha256, status: 'alreadyOnServer' });
      else {
        url.search = new URLSearchParams({ name: path.basename(file), ...(options.batch ? { batch: options.batch } : {}) }).toString();
        await retrying(options, () =>
          request(url, {
            method: 'PUT',
            headers: { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': String(fs.statSync(file).size) },
            body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
            duplex: 'half',
          }),
        );
        results.push({ file, sha256, status: 'sent' });
      }
    } catch (error) {
      results.push({ file, sha256, status: 'failed', reason: (error as Error).message });
    }
    options.onProgress?.(index + 1, files.length, file);
  }
  return results;
}

async function request(url: URL, init: RequestInit & { duplex?: 'half' }): Promise<unknown> {
  const response = await fetch(url, init);
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (response.status >= 400 && response.status < 500 && response.status !== 429) throw new PhieuError('serverRefused', { reason: body.error ?? `HTTP ${response.status}` });
  if (!response.ok) throw new PhieuError('serverFailed', { reason: body.error ?? `HTTP ${response.status}` });
  return body;
}

async function retrying<T>(options: SendOptions, work: () => Promise<T>): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      // An answer from the server that says no: retrying would not help.
      if (isPhieuError(error, 'serverRefused') || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, (options.retryPauseMs ?? 1000) * 2 ** (attempt - 1)));
    }
  }
}
