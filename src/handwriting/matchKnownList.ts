/**
 * Matching a read text to the closest entry of a known list (the office's procedure names, its staff), in the way
 * Vietnamese text goes wrong: OCR and hurried hands lose or confuse tone marks and vowel hats far more often than
 * they change letters. So a letter with the wrong or missing diacritics costs a quarter of a wrong letter; case,
 * spacing and punctuation cost nothing.
 */
export interface ListMatch {
  entry: string;
  /** Weighted edits per character of the longer text: 0 is the same text, 1 nothing alike. */
  distance: number;
}

interface Letter {
  base: string;
  full: string;
}

const DIACRITIC_COST = 0.25;

/** The closest entry, when it is within `within`; undefined for an empty list or text, or when nothing is close. */
export function matchKnownList(text: string, entries: readonly string[], within: number): ListMatch | undefined {
  const read = letters(text);
  if (!read.length) return undefined;
  let best: ListMatch | undefined;
  for (const entry of entries) {
    const candidate = letters(entry);
    if (!candidate.length) continue;
    const distance = editDistance(read, candidate) / Math.max(read.length, candidate.length);
    if (!best || distance < best.distance) best = { entry, distance };
  }
  return best && best.distance <= within ? best : undefined;
}

/** Lower-case letters and digits with single spaces between words; each letter also without its diacritics. */
function letters(text: string): Letter[] {
  const words = text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return [...words].map((full) => ({ full, base: full === 'đ' ? 'd' : full.normalize('NFD').replace(/\p{M}/gu, '') }));
}

function editDistance(a: Letter[], b: Letter[]): number {
  let previous = Float64Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Float64Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const x = a[i - 1];
      const y = b[j - 1];
      const substitute = x.full === y.full ? 0 : x.base === y.base ? DIACRITIC_COST : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitute);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}
