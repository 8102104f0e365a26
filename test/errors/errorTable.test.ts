import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE, PhieuError, type ErrorCode } from '../../src/errors/errorTable.js';

const ENGLISH = /\b(the|of|and|or|to|for|with|from|not|is|are|no|unknown|missing|invalid|file|office|survey|draw|level|found|error)\b/i;
const VIETNAMESE = /[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/i;

/** Every .ts file under src/. */
function sources(dir = 'src'): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('the error table', () => {
  it('gives every code a Vietnamese message with no English word, naming what it is about', () => {
    // Every parameter a message may use is given a value that cannot be mistaken for the message's own words.
    const params = new Proxy({}, { get: (_target, key) => (key === 'known' ? ['ma-mot', 'ma-hai'] : `«${String(key)}»`) });
    for (const code of Object.keys(ERROR_TABLE) as ErrorCode[]) {
      const error = new PhieuError(code, params as never);
      const words = error.message.replace(/«[^»]*»|ma-mot|ma-hai|phieu [a-z-]+ [a-z-]+/g, ' ');
      expect([code, words]).not.toEqual([code, expect.stringMatching(ENGLISH)]);
      expect(error.message).toMatch(VIETNAMESE);
      expect(error.message).toMatch(/«\w+»/);
      expect(error.code).toBe(code);
    }
  });

  it('is where every coded error thrown in the code takes its code from', () => {
    const thrown = sources().flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(/new PhieuError\(\s*'([^']+)'/g)].map((m) => `${file}: ${m[1]}`));
    expect(thrown.length).toBeGreaterThan(3);
    expect(thrown.filter((t) => !(t.split(': ')[1] in ERROR_TABLE))).toEqual([]);
  });
});
