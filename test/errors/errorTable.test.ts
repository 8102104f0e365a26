import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, PhieuError, type ErrorCode } from '../../src/errors/errorTable.js';

const ENGLISH = new Set('the of and or to for with from not is are no unknown missing invalid file office survey draw level found error please page row column too large empty broken denied forbidden expected'.split(' '));
// Words by Unicode letters: \b would cut "toàn" after "to".
// Vietnamese letters: đ and the vowels with their marks (Latin-1 and Latin Extended Additional).
const VIETNAMESE = /[đĐăâêôơư\u00C0-\u00FF\u1EA0-\u1EF9]/;

/** Every .ts file under src/ with its text. */
function sources(dir = 'src'): { file: string; text: string }[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [{ file: path.join(dir, e.name), text: fs.readFileSync(path.join(dir, e.name), 'utf8') }] : []));
}

/** A value for every parameter, usable as a word, a number or a list, and recognisable in the message (`«name»`, 7…). */
function sampleParams(mark: string, number: number): never {
  const value = (key: string) => Object.assign([`«${key}${mark}»`], { toString: () => `«${key}${mark}»`, valueOf: () => number });
  return new Proxy({}, { get: (_target, key) => value(String(key)) }) as never;
}

const codes = Object.keys(ERROR_TABLE) as ErrorCode[];

describe('the error table', () => {
  it('gives every code a Vietnamese sentence with no English word, naming what it is about', () => {
    for (const code of codes) {
      const error = new PhieuError(code, sampleParams('', 7_000_000));
      const words = error.message.replace(/«[^»]*»/g, ' ').replace(/phieu [a-z-]+ [a-z-]+|--[a-z-]+|@[\w./-]+/g, ' ');
      expect([code, (words.match(/\p{L}+/gu) ?? []).filter((w) => ENGLISH.has(w.toLowerCase()))]).toEqual([code, []]);
      expect([code, error.message]).toEqual([code, expect.stringMatching(VIETNAMESE)]);
      expect(error.code).toBe(code);
      // A sentence that takes parameters says them: other values give another sentence.
      if (ERROR_TABLE[code].say.length) expect([code, new PhieuError(code, sampleParams('!', 900_000_000)).message]).not.toEqual([code, error.message]);
    }
  });

  it('holds every code thrown in the code, and each of its codes is thrown somewhere', () => {
    const text = sources().filter((s) => !s.file.endsWith(path.join('errors', 'errorTable.ts')));
    const thrown = text.flatMap((s) => [...s.text.matchAll(/new (?:PhieuError|ScanFileError)\(\s*'(\w+)'/g)].map((m) => `${s.file}: ${m[1]}`));
    expect(thrown.length).toBeGreaterThan(100);
    expect(thrown.filter((t) => !(t.split(': ')[1] in ERROR_TABLE))).toEqual([]);
    // Some codes are chosen where the code is picked (waitFor, express's refusals, ScanFileError's reasons): as a quoted word.
    const quoted = new Set(text.flatMap((s) => [...s.text.matchAll(/'(\w+)'/g)].map((m) => m[1])));
    expect(codes.filter((c) => !quoted.has(c))).toEqual([]);
  });

  it('is the only error type: no other Error subclass is left in src/', () => {
    const subclasses = sources().flatMap((s) => [...s.text.matchAll(/class (\w+)(?:<[^>]*>)? extends (\w+)/g)].filter((m) => /Error$/.test(m[2])).map((m) => `${s.file}: ${m[1]} extends ${m[2]}`));
    expect(subclasses.filter((s) => !/ extends PhieuError$/.test(s) && !/: PhieuError extends Error$/.test(s))).toEqual([]);
  });
});
