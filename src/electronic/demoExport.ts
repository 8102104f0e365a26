import type { RegisterCase } from '../sampling/registerRow.js';
import type { ElectronicMapping } from './mapping.js';

/** Satisfaction levels as an export spells them, from the most to the least satisfied. */
const LEVELS = ['Rất hài lòng', 'Hài lòng', 'Bình thường', 'Không hài lòng', 'Rất không hài lòng'];
const COMMENTS = ['Cán bộ nhiệt tình', 'Thủ tục nhanh gọn', 'Cần thêm chỗ ngồi chờ', 'Thời gian chờ còn lâu', ''];

export interface DemoExportOptions {
  /** Share of an office's cases answered electronically. */
  share: number;
  random: () => number;
}

/**
 * An electronic export in the layout a mapping describes (Hue-S style: one row per response, the mapping's columns,
 * levels spelled out), answered by some of a register's citizens a few days after their result: each office with a
 * mood of its own, so the offices rank apart in the report. Made for the demo, with known register cases, so the
 * counting rules have paper and electronic answers of the same people to merge.
 */
export function demoExportRows(cases: readonly RegisterCase[], mapping: ElectronicMapping, options: DemoExportOptions): { header: string[]; rows: string[][] } {
  const { random } = options;
  const f = mapping.fields;
  // Every column the mapping names must be there, even those the demo leaves empty (an ID number).
  const header = [...Object.values(f), ...mapping.answers.map((a) => a.column)];
  const moods = new Map<string, number>();
  const rows: string[][] = [];
  for (const c of cases) {
    if (!c.returnedOn || random() >= options.share) continue;
    let mood = moods.get(c.officeName);
    if (mood === undefined) moods.set(c.officeName, (mood = random()));
    const values: Record<string, string> = {
      [f.responseId ?? '']: `DEMO-${String(rows.length + 1).padStart(6, '0')}`,
      [f.submittedAt]: submittedAfter(c.returnedOn, random),
      [f.caseCode ?? '']: c.caseCode,
      [f.office ?? '']: c.officeName,
      [f.phone ?? '']: c.phone ?? '',
      [f.account ?? '']: `citizen${Math.floor(random() * 1e6)}`,
      [f.device ?? '']: random() < 0.6 ? 'android' : 'ios',
      [f.procedure ?? '']: c.procedure ?? '',
      [f.field ?? '']: c.field ?? '',
    };
    for (const answer of mapping.answers) {
      const map = typeof answer.values === 'string' ? mapping.valueSets[answer.values] : answer.values;
      values[answer.column] = !map ? COMMENTS[Math.floor(random() * COMMENTS.length)] : LEVELS.some((l) => l in map) ? level(mood, random) : wishes(Object.keys(map), random);
    }
    rows.push(header.map((column) => values[column] ?? ''));
  }
  return { header, rows };
}

/** A level drawn around the office's mood: a happy office (mood near 1) mostly gets the top two levels. */
function level(mood: number, random: () => number): string {
  const spread = random() + random() - 1;
  const position = Math.min(4, Math.max(0, Math.round((1 - mood) * 2.2 + spread * 1.2)));
  return LEVELS[position];
}

/** One to three of the wishes a multiple-answer column offers, as the app lists them: "Thông tin; Thời gian". */
function wishes(offered: string[], random: () => number): string {
  const left = [...offered];
  return Array.from({ length: 1 + Math.floor(random() * 3) }, () => left.splice(Math.floor(random() * left.length), 1)[0]).join('; ');
}

/** dd/mm/yyyy hh:mm, one to five days after the result was returned. */
function submittedAfter(returnedOn: string, random: () => number): string {
  const at = new Date(`${returnedOn}T08:00:00Z`);
  at.setUTCDate(at.getUTCDate() + 1 + Math.floor(random() * 5));
  at.setUTCMinutes(Math.floor(random() * 9 * 60));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}`;
}
