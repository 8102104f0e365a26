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
