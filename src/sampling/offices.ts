import { foldHeader } from './registerRow.js';

/** A stable code for an office named in a register: its name without accents, as a slug. */
export function officeCodeOf(name: string): string {
  return foldHeader(name).replace(/\//g, ' ').trim().replace(/\s+/g, '-').slice(0, 60);
}

/** The level the indices are broken down by, from the office's name (UBND xã/phường → xã; UBND huyện → huyện; Sở → sở/ngành). */
export function officeLevelOf(name: string): 'sở/ngành' | 'huyện' | 'xã' | null {
  const n = foldHeader(name);
  if (/\b(phuong|xa|thi tran)\b/.test(n) && !/\bthi xa\b/.test(n)) return 'xã';
  if (/\b(huyen|thi xa|quan|thanh pho)\b/.test(n)) return 'huyện';
  if (/^(so|ban|chi cuc|cuc|bhxh|cong an|kho bac)\b/.test(n)) return 'sở/ngành';
  return null;
}
