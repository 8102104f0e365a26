import type { Db } from '../store/db.js';
import { reviewDecisions } from '../store/reviewStats.js';
import { groupBy } from './groupBy.js';

export interface ReviewerRate {
  reviewer: string;
  decided: number;
  lastHour: number;
  /** Decisions per hour of work: time between decisions counts up to a pause of five minutes. */
  perHour: number | null;
  /** Share of the machine's reads this reviewer changed: high shares say thresholds need tuning. */
  changedShare: number | null;
}

const PAUSE_MS = 5 * 60 * 1000;

export function reviewerRates(db: Db, now = Date.now()): ReviewerRate[] {
  const rows = reviewDecisions(db);
  const byActor = groupBy(rows, (r) => r.actor);
  const hourAgo = now - 3_600_000;
  return [...byActor].map(([reviewer, actions]) => {
    const times = actions.map((a) => Date.parse(a.at));
    let workedMs = 0;
    for (let i = 1; i < times.length; i++) workedMs += Math.min(PAUSE_MS, times[i] - times[i - 1]);
    const resolved = actions.filter((a) => a.action === 'resolved');
    return {
      reviewer,
      decided: actions.length,
      lastHour: times.filter((t) => t >= hourAgo).length,
      perHour: workedMs > 0 ? Math.round(((actions.length - 1) * 3_600_000) / workedMs) : null,
      changedShare: resolved.length ? resolved.filter((a) => a.changed === 1).length / resolved.length : null,
    };
  });
}
