import fs from 'node:fs';
import path from 'node:path';
import { ingestFiles, type IngestOptions, type IngestSummary } from './ingestFiles.js';

export const ARCHIVE = 'archive';
export const REJECTED = 'rejected';

export interface HotFolderEvent {
  file: string;
  status: 'archived' | 'rejected';
  reason?: string;
  summary: IngestSummary;
}

/**
 * Files dropped into the folder are read once their size has stopped changing (a scanner or a copy may still be
 * writing them), then moved to `archive/`; a file that cannot be read goes to `rejected/` with a `.txt` giving why.
 */
export class HotFolder {
  private sizes = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    readonly dir: string,
    private options: Omit<IngestOptions, 'source'>,
    private onEvent: (event: HotFolderEvent) => void = () => {},
  ) {
    for (const sub of [ARCHIVE, REJECTED]) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  }

  /** Files waiting to be read. */
  pending(): string[] {
    return fs
      .readdirSync(this.dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.endsWith('.part') && !e.name.endsWith('.tmp'))
      .map((e) => path.join(this.dir, e.name))
      .sort();
  }

  /** One pass: reads every file whose size was the same at the previous pass (or every file when `settled`). */
  async poll(settled = false): Promise<HotFolderEvent[]> {
    const events: HotFolderEvent[] = [];
    for (const file of this.pending()) {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat) continue;
      const signature = `${stat.size}:${stat.mtimeMs}`;
      const stable = settled || this.sizes.get(file) === signature;
      this.sizes.set(file, signature);
      if (!stable) continue;
      this.sizes.delete(file);
      const summary = await ingestFiles([file], { ...this.options, source: 'hotFolder' });
      const outcome = summary.files[0];
      const rejected = outcome?.status === 'rejected' || (outcome?.status === 'alreadyDone' && outcome.reason !== undefined);
      const target = moveAside(file, path.join(this.dir, rejected ? REJECTED : ARCHIVE));
      if (rejected) fs.writeFileSync(`${target}.txt`, `${path.basename(file)}: ${outcome.reason}\n`);
      const event: HotFolderEvent = { file, status: rejected ? 'rejected' : 'archived', reason: outcome?.reason, summary };
      events.push(event);
      this.onEvent(event);
    }
    return events;
  }

  start(intervalMs = 2000): void {
    const tick = () => {
      this.running = this.poll()
        .then(() => undefined)
        .catch((error) => this.onEvent({ file: this.dir, status: 'rejected', reason: (error as Error).message, summary: emptySummary() }))
        .finally(() => {
          this.timer = setTimeout(tick, intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
    clearTimeout(this.timer);
  }
}

/** Moves a file into a folder without overwriting one of the same name that is already there. */
function moveAside(file: string, folder: string): string {
  const { name, ext } = path.parse(file);
  let target = path.join(folder, `${name}${ext}`);
  for (let n = 2; fs.existsSync(target); n++) target = path.join(folder, `${name} (${n})${ext}`);
  fs.renameSync(file, target);
  return target;
}

const emptySummary = (): IngestSummary => ({ files: [], pages: 0, outcomes: {}, forms: 0, needingReview: 0, problems: [], warnings: [], cancelled: false, elapsedMs: 0 });
