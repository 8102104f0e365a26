import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_LABEL_TABLES } from '../../src/server/webLabels.js';

const root = path.resolve(import.meta.dirname, '../..');
const browserFiles = fs
  .readdirSync(path.join(root, 'web-entry', 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ts|js)$/.test(f))
  .map((f) => path.join('web-entry', 'src', f));

describe('the label tables shared by the server and the browser', () => {
  it('are written once: no name of a reason, state, queue, role or outcome is typed again in the browser code', () => {
    const names = new Map<string, string>();
    // The scanner's and the administrator's roles are named like their screens (Quét phiếu, Quản trị): a menu item
    // is the screen's name, not a copy of the role's.
    const tables = Object.entries(WEB_LABEL_TABLES).filter(([table]) => table !== 'ROLE_LABELS');
    for (const [table, labels] of tables) for (const [key, text] of Object.entries(labels)) names.set(text, `${table}.${key}`);
    const copies: string[] = [];
    for (const file of browserFiles) {
      const source = fs.readFileSync(path.join(root, file), 'utf8');
      // A label as a whole string literal: 'Đã in', "Đã in" or `Đã in`.
      for (const m of source.matchAll(/'([^'\n]+)'|"([^"\n]+)"|`([^`\n$]+)`/g)) {
        const text = m[1] ?? m[2] ?? m[3];
        const owner = names.get(text);
        if (owner) copies.push(`${file}: "${text}" (${owner})`);
      }
    }
    expect(copies).toEqual([]);
  });

  it('are what the browser declares: the served module exports exactly the tables of src/web/labels.d.ts', () => {
    const declared = [...fs.readFileSync(path.join(root, 'src', 'web', 'labels.d.ts'), 'utf8').matchAll(/^export declare const (\w+)/gm)].map((m) => m[1]);
    expect(Object.keys(WEB_LABEL_TABLES).sort()).toEqual(declared.sort());
  });
});
