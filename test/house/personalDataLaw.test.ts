import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';

// Tracked files that speak about the law on personal data (this test names the old decree itself).
const tracked = execFileSync('git', ['ls-files', 'src', 'web-entry', 'README.md', 'SECURITY.md'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const read = (f: string) => fs.readFileSync(f, 'utf8');

describe('the personal data law cited', () => {
  it('is Law 91/2025/QH15 everywhere; Decree 13/2023 is no longer cited', () => {
    const old = tracked.filter((f) => /13\/2023|Nghị định 13\b/.test(read(f)));
    expect(old).toEqual([]);
    for (const f of ['SECURITY.md', 'README.md', 'web-entry/js/screens/dataCare.js']) expect(read(f), f).toContain('91/2025/QH15');
  });
});
