import { describe, expect, it } from 'vitest';
import { loadFigures, runLoad } from '../../bench/load.js';

describe('the load bench', () => {
  it('runs reviewers, a wrong-password storm and a scan batch against the real server, hands no item to two reviewers and prints every route’s figures', { timeout: 600_000 }, async () => {
    const run = await runLoad({ reviewers: 3, seconds: 8, loginsPerMinute: 150, demoFormsPerOffice: 1, batchFiles: 2, thinkMs: [200, 500], workers: 1 });

    expect(run.claimed).toBeGreaterThan(0);
    expect(run.decided).toBeGreaterThan(0);
    expect(run.doubleClaims).toEqual([]);
    expect(run.wrongLogins).toBeGreaterThan(5);
    // Every wrong password was refused (or slowed), never let in.
    expect([...run.timings.statuses.get('login (wrong)')!.keys()].every((s) => s === 401 || s === 429)).toBe(true);
    expect(run.batch.sent).toBe(2);
    expect(run.errors).toEqual([]);

    const figures = loadFigures(run);
    for (const route of ['next item', 'page image', 'field clip', 'wrong log-in']) {
      const line = Object.entries(figures).find(([key]) => key.startsWith(`load: ${route} p50 / p95`));
      expect(line?.[1]).toMatch(/^\d+ \/ \d+ ms \(max \d+; [1-9]\d* requests\)/);
    }
    expect(figures['load: double claims (goal 0)']).toBe(0);
  });
});
