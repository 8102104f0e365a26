import { foldHeader } from './registerRow.js';

/** A stable code for an office named in a register: its name without accents, as a slug. */
export function officeCodeOf(name: string): string {
  return foldHeader(name).replace(/\//g, ' ').trim().replace(/\s+/g, '-').slice(0, 60);
}

const CENTRALLY_RUN_CITIES = /\bthanh pho (ha noi|ho chi minh|hai phong|da nang|can tho|hue)\b/;

/**
 * The level first given to an office a register names, from its name (UBND xã/phường/đặc khu → xã; UBND huyện → huyện;
 * Sở and the six centrally-run cities → sở/ngành). Only a first guess: the office tree holds the level, and a planner changes it there.
 */
export function officeLevelOf(name: string): 'sở/ngành' | 'huyện' | 'xã' | null {
  const n = foldHeader(name);
  if (/\b(phuong|xa|thi tran|dac khu)\b/.test(n) && !/\bthi xa\b/.test(n)) return 'xã';
  // A centrally-run city (thành phố trực thuộc trung ương) is a province: its committee and desk did not end with the districts.
  if (CENTRALLY_RUN_CITIES.test(n)) return 'sở/ngành';
  if (/\b(huyen|thi xa|quan|thanh pho)\b/.test(n)) return 'huyện';
  if (/^(so|ban|chi cuc|cuc|bhxh|cong an|kho bac)\b/.test(n)) return 'sở/ngành';
  return null;
}

/** District-level (huyện) authorities ended on 30 June 2025 (two-level local government from 1 July 2025). */
export const LAST_DAY_OF_DISTRICTS = '2025-06-30';

/** The last day an office a register names was active: a district's ended with the districts, others are open. */
export function officeActiveTo(level: string | null): string | null {
  return level === 'huyện' ? LAST_DAY_OF_DISTRICTS : null;
}
