import type { Cell } from '../sampling/registerRow.js';

/** Vietnam keeps UTC+7 all year (no daylight saving), so a local time is a fixed shift from UTC. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
// Excel counts days from 1899-12-30 (its leap-year bug folded in).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A wall-clock time written as UTC fields → `YYYY-MM-DDTHH:MM:SS`. */
function wallClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A moment as Vietnam local time `YYYY-MM-DDTHH:MM:SS`: how every stored submission time is written. */
export function vietnamTime(moment: Date): string {
  return wallClock(moment.getTime() + VIETNAM_OFFSET_MS);
}

function wallClockIfValid(year: number, month: number, day: number, hour: number, minute: number, second: number): string | null {
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return wallClock(ms);
}

/**
 * A submission time as exports write it → Vietnam local time `YYYY-MM-DDTHH:MM:SS`. Accepts `dd/mm/yyyy[ HH:mm[:ss]]`,
 * ISO 8601 (with `Z` or an offset it is turned into Vietnam time; without, it is taken as Vietnam time), an Excel date
 * cell or serial number. A date alone is midnight. Anything else is null.
 */
export function parseSubmissionTime(cell: Cell): string | null {
  if (cell === null || cell === undefined) return null;
  // exceljs hands date cells over as the sheet's wall-clock time in UTC fields: Excel has no time zones.
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : wallClock(cell.getTime());
  if (typeof cell === 'number') return cell > 20000 && cell < 80000 ? wallClock(EXCEL_EPOCH_MS + Math.round(cell * 86_400_000)) : null;
  const text = cell.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (m) return wallClockIfValid(Number(m[3]), Number(m[2]), Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) return null;
  const local = wallClockIfValid(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (!local || !m[7]) return local;
  const zone = m[7] === 'Z' ? 0 : (m[7][0] === '-' ? -1 : 1) * (Number(m[7].slice(1, 3)) * 60 + Number(m[7].slice(-2))) * 60_000;
  return wallClock(Date.parse(`${local}Z`) - zone + VIETNAM_OFFSET_MS);
}
