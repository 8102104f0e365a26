import type { TaskState } from '../web/api.js';

export type { TaskState };

type Work<T = unknown> = (progress: (done: number, total: number, label?: string) => void) => Promise<T>;

export class BackgroundTasks {
  private tasks = new Map<string, TaskState>();

  /** Starts `work` unless a task of this kind is already running; returns the task's state either way. */
  start(kind: string, label: string, work: Work): TaskState {
    const current = this.tasks.get(kind);
    if (current?.running) return current;
    this.run(kind, label, work).catch(() => {});
    return this.tasks.get(kind)!;
  }

  /**
   * Runs `work` as the task of this kind and resolves or fails as it does, for work whose caller waits on it (a PDF
   * streamed to the browser while the page polls its progress). The caller checks first that none is running.
   */
  async run<T>(kind: string, label: string, work: Work<T>): Promise<T> {
    const state: TaskState = { kind, label, done: 0, total: 0, running: true, startedAt: new Date().toISOString() };
    this.tasks.set(kind, state);
    const progress = (done: number, total: number, stage?: string) => Object.assign(state, { done, total }, stage ? { label: stage } : {});
    try {
      const result = await work(progress);
      Object.assign(state, { running: false, result, finishedAt: new Date().toISOString() });
      return result;
    } catch (error) {
      Object.assign(state, { running: false, error: (error as Error).message, finishedAt: new Date().toISOString() });
      throw error;
    }
  }

  get(kind: string): TaskState | undefined {
    return this.tasks.get(kind);
  }

  /** Resolves when no task is running (tests, shutdown). */
  async idle(): Promise<void> {
    while ([...this.tasks.values()].some((t) => t.running)) await new Promise((r) => setTimeout(r, 50));
  }
}
