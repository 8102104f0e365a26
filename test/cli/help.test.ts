import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../support/tempDir.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/phieu.js');
const tempDir = useTempDir();

// Common English words a Vietnamese reader should never meet in help; command names, flags and values typed as
// they are (json, csv, paper, sipas…) are not on it, and the terms of the command lists are not checked.
const ENGLISH = new Set(
  ('the of and or to for with from into this that is are be not only when who what which its it as at read print printed ' +
    'write file files folder output default display help command commands usage options option arguments argument show ' +
    'list new number one all none survey copies draw record error unknown missing required specified see use instead ' +
    'their whose than also after before date day first last id dir case serial every each here there them machine ' +
    'readable blank page pages answer results stored store keep kept without e g ok warning failed done skipped found'
  ).split(' '),
);

/** The English words of a help text: headings and descriptions in full, of a term only its <placeholders> and [placeholders]. */
function englishWords(help: string): string[] {
  const checked = help.split('\n').map((line) => {
    const item = /^ {2}(\S(?:.*?\S)?)(?: {2,}(.*))?$/.exec(line);
    const usage = /^(.*?:)\s+(phieu\b.*)$/.exec(line);
    const placeholders = (term: string) => (term.match(/[<[][^\]>]*[\]>]/g) ?? []).join(' ');
    if (item) return `${placeholders(item[1])} ${item[2] ?? ''}`;
    if (usage) return `${usage[1]} ${placeholders(usage[2])}`;
    return line;
  });
  const words = checked.join('\n').replace(/"[^"\n]*"/g, ' ').replace(/\$[A-Z_]+/g, ' ').replace(/--?[\w-]+/g, ' ').match(/\p{L}+/gu) ?? [];
  return words.map((w) => w.toLowerCase()).filter((w) => ENGLISH.has(w));
}

/** The subcommands listed in a help text: items of its last section that are neither options nor arguments. */
function subcommands(help: string): string[] {
  const sections = help.trimEnd().split(/\n(?=\S)/);
  const last = sections.at(-1)!.split('\n').slice(1);
  return last.flatMap((line) => {
    const term = /^ {2}(\S+)/.exec(line)?.[1];
    return term && !/^[-<[]/.test(term) ? [term.split('|')[0]] : [];
  }).filter((name) => name !== 'help');
}

describe('phieu help', () => {
  it('says every command, option and heading in Vietnamese, its own words included', async () => {
    const data = tempDir();
    const help = async (...command: string[]) => (await run(process.execPath, [BIN, '--data', data, ...command, '--help'])).stdout;
    const seen: Record<string, string[]> = {};
    const visit = async (command: string[]) => {
      const text = await help(...command);
      seen[['phieu', ...command].join(' ')] = englishWords(text);
      await Promise.all(subcommands(text).map((sub) => visit([...command, sub])));
    };
    await visit([]);
    expect(Object.keys(seen).length).toBeGreaterThan(25);
    expect(Object.fromEntries(Object.entries(seen).filter(([, words]) => words.length))).toEqual({});
  }, 240_000);

  it('answers a mistyped option or command in Vietnamese, naming it, and exits non-zero', async () => {
    const data = tempDir();
    const failure = async (...args: string[]) => (await run(process.execPath, [BIN, '--data', data, ...args]).catch((e) => e)) as { code: number; stderr: string };
    const option = await failure('report', '--format', 'csv', '--nope');
    expect(option.code).not.toBe(0);
    expect(option.stderr).toContain("lỗi: không có tuỳ chọn '--nope'");
    const command = await failure('reprot');
    expect(command.code).not.toBe(0);
    expect(command.stderr).toContain("lỗi: không có lệnh 'reprot'");
    const missing = await failure('report');
    expect(missing.stderr).toContain("lỗi: thiếu tuỳ chọn bắt buộc '--format <định-dạng>'");
    for (const stderr of [option.stderr, command.stderr, missing.stderr]) expect(englishWords(stderr)).toEqual([]);
  });

  it("says doctor's findings, a failed one included, in Vietnamese", async () => {
    const data = tempDir();
    const doctor = (await run(process.execPath, [BIN, '--data', data, 'doctor', '--folder', path.join(data, 'scans')]).catch((e) => e)) as { code: number; stdout: string };
    // A new data folder has no QR key and no backup yet: two findings to act on, each with what to do.
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^Lỗi Khoá ký mã QR/m);
    expect(doctor.stdout).toMatch(/^Đạt Cơ sở dữ liệu/m);
    expect(englishWords(doctor.stdout)).toEqual([]);
  });
});
