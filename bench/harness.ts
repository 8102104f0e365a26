import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

export type Figures = Record<string, string | number>;

/** Peak resident memory of this process so far, in MB (each bench runs in a process of its own). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Runs a bench when its file is executed directly, printing its figures as one JSON line for bench/run.ts. */
export function runIfMain(meta: ImportMeta, bench: () => Promise<Figures>): void {
  if (process.argv[1] && pathToFileURL(process.argv[1]).href === meta.url) {
    bench()
      .then((figures) => process.stdout.write(`${JSON.stringify(figures)}\n`))
      .catch((error) => {
        process.stderr.write(`${(error as Error).stack}\n`);
        process.exit(1);
      });
  }
}

/** The processes whose parent is `pid` (phieu scan reads pages in a child of its own: src/runtime/tunedMalloc.ts). */
export function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * The peak resident memory of a process and its children together, followed while they run (the kernel keeps each
 * one's high-water mark).
 */
export function followPeakMemory(pid: number): { stop(): number } {
  let peakKb = 0;
  const highWater = (p: number) => {
    try {
      return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0; // It has just exited.
    }
  };
  const timer = setInterval(() => {
    peakKb = Math.max(peakKb, [pid, ...childrenOf(pid)].reduce((sum, p) => sum + highWater(p), 0));
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      return peakKb * 1024;
    },
  };
}
