import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

// A statement prepared or run on a better-sqlite3 handle, or a pragma read or set.
const RUNS_SQL = /\.prepare\(|\.exec\(\s*[`'"]|\.pragma\(/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return relative.endsWith('.ts') ? [relative] : [];
  });
}

describe('SQL lives in the store', () => {
  it('runs in no file outside src/store', () => {
    const holding = sourceFiles('src')
      .filter((file) => !file.startsWith('src/store/'))
      .filter((file) => RUNS_SQL.test(fs.readFileSync(path.join(root, file), 'utf8')));
    expect(holding).toEqual([]);
  });
});
