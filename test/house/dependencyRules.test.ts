import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');
const config = path.join(root, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}

/** Runs the same command as `npm run lint:deps`, in `cwd`, and returns the violations it reports. */
async function violationsIn(cwd: string, ignoreKnown: boolean): Promise<Violation[]> {
  const args = ['src', 'web-entry/src', '--config', config, '--output-type', 'json', ...(ignoreKnown ? ['--ignore-known'] : [])];
  const { stdout } = await promisify(execFile)(depcruise, args, { cwd, maxBuffer: 64 * 1024 * 1024 }).catch((error: { stdout?: string }) => {
    if (error.stdout) return { stdout: error.stdout };
    throw error;
  });
  // With --ignore-known, the known leaks are still listed, at severity 'ignore'.
  return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations.filter((v) => v.rule.severity !== 'ignore');
}

const key = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to}`;

describe('the layer rules of ARCHITECTURE.md', () => {
  it('find nothing in src and web-entry but the known leaks still listed', async () => {
    expect((await violationsIn(root, true)).map(key)).toEqual([]);
  });

  it('list as known only leaks that are still there, so the list can only shrink', async () => {
    const known = JSON.parse(fs.readFileSync(path.join(root, '.dependency-cruiser-known-violations.json'), 'utf8')) as Violation[];
    const now = new Set((await violationsIn(root, false)).map(key));
    expect(known.map(key).filter((k) => !now.has(k))).toEqual([]);
  });

  it('refuse a store module that calls a service, and two folders that import each other', async () => {
    const found = (await violationsIn(path.join(root, 'test', 'fixtures', 'layers'), false)).map((v) => v.rule.name);
    expect(found).toContain('store-is-the-bottom');
    expect(found).toContain('no-folder-cycles');
    expect(found).toContain('no-file-cycles');
  });

  it('make the CI command (npm run lint:deps) fail once a store file imports a service, and pass without that import', async () => {
    const dir = fs.mkdtempSync(path.join(root, 'test', 'house', '.upward-'));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      };
      // The command exactly as package.json runs it, in a small tree with the repository's config and an empty known list.
      const [command, ...args] = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['lint:deps'].split(' ');
      expect(command).toBe('depcruise');
      fs.copyFileSync(config, path.join(dir, '.dependency-cruiser.cjs'));
      fs.copyFileSync(path.join(root, 'test', 'fixtures', 'layers', 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
      write('.dependency-cruiser-known-violations.json', '[]');
      write('src/review/claim.ts', 'export const claim = (id: number) => id;\n');
      write('web-entry/src/app.ts', 'export const app = 1;\n');
      const lintDeps = () =>
        promisify(execFile)(depcruise, args, { cwd: dir }).then(
          ({ stdout }) => ({ code: 0, stdout }),
          (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
        );
      write('src/store/rows.ts', 'export const row = 1;\n');
      expect(await lintDeps()).toMatchObject({ code: 0 });
      write('src/store/rows.ts', "import { claim } from '../review/claim.js';\nexport const row = claim(1);\n");
      const upward = await lintDeps();
      expect(upward.code).not.toBe(0);
      expect(upward.stdout).toMatch(/store-is-the-bottom: src\/store\/rows\.ts → src\/review\/claim\.ts/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuse a browser screen that imports the store, and let it read the contract with the server', async () => {
    const found = await violationsIn(path.join(root, 'test', 'fixtures', 'layers'), false);
    expect(found.filter((v) => v.from.startsWith('web-entry/')).map(key)).toEqual(['browser-runs-only-its-own-code: web-entry/src/screen.ts → src/store/rows.ts']);
  });
});
