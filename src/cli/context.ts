import path from 'node:path';
import cliProgress from 'cli-progress';
import { openDatabase, type Db } from '../store/db.js';
import { loadOrCreateSecret } from '../io/secret.js';

export interface GlobalOptions {
  data: string;
  json?: boolean;
}

/** The data folder: `--data`, else PHIEU_DATA, else ./data. */
export function dataDir(options: GlobalOptions): string {
  return path.resolve(options.data);
}

export function defaultDataDir(): string {
  return process.env.PHIEU_DATA || 'data';
}

export function withDatabase<T>(options: GlobalOptions, work: (db: Db, dir: string) => T): T {
  const dir = dataDir(options);
  const db = openDatabase(dir);
  try {
    return work(db, dir);
  } finally {
    db.close();
  }
}

export async function withDatabaseAsync<T>(options: GlobalOptions, work: (db: Db, dir: string) => Promise<T>): Promise<T> {
  const dir = dataDir(options);
  const db = openDatabase(dir);
  try {
    return await work(db, dir);
  } finally {
    db.close();
  }
}

export function secretOf(options: GlobalOptions): Buffer {
  return loadOrCreateSecret(dataDir(options));
}

/** A progress bar on stderr for people; silent when a machine reads the output or stderr is not a terminal. */
export function progressBar(options: GlobalOptions, label: string, total: number) {
  const silent = { update: (_done: number) => {}, setTotal: (_total: number, _done: number, _extra?: object) => {}, stop: () => {} };
  if (options.json || !process.stderr.isTTY) return silent;
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} {rate} {review}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { rate: '', review: '' });
  return {
    update: (done: number) => bar.update(done),
    /** For work whose size is learnt as it goes (pages of files not yet opened). */
    setTotal: (newTotal: number, done: number, extra?: { rate: string; review: number }) => {
      bar.setTotal(newTotal);
      bar.update(done, extra ? { rate: `${extra.rate} trang/s`, review: `cần duyệt ${extra.review}` } : {});
    },
    stop: () => bar.stop(),
  };
}

/** Prints a result: JSON for machines, a short summary for people. */
export function report(options: GlobalOptions, value: unknown, summary: string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${summary}\n`);
}
