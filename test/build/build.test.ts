import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

describe('the build', () => {
  it('is made on npm install, and the compiler and bundlers are not needed to run phieu', () => {
    expect(pkg.scripts.prepare).toBe('npm run build');
    expect(pkg.scripts.build).toContain('tsconfig.build.json');
    // The browser's screens too: the server serves web-entry/js/, built from web-entry/src/.
    expect(pkg.scripts.build).toContain('tsc -p web-entry');
    expect(fs.existsSync(new URL('../../web-entry/js/app.js', import.meta.url))).toBe(true);
    for (const tool of ['typescript', 'tsx', 'esbuild']) expect(Object.keys(pkg.dependencies)).not.toContain(tool);
  });

  it('runs the JavaScript in dist/, whose error stacks name the TypeScript file and line', () => {
    const help = execFileSync(process.execPath, ['bin/phieu.js', '--help'], { cwd: root, encoding: 'utf8' });
    expect(help).toContain('phieu');
    const thrower = new URL('../../dist/sampling/random.js', import.meta.url).href;
    const run = spawnSync(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', `const { seededRandom } = await import(${JSON.stringify(thrower)}); seededRandom(undefined);`],
      { cwd: root, encoding: 'utf8' },
    );
    expect(run.status).not.toBe(0);
    const source = fs.readFileSync(new URL('../../src/sampling/random.ts', import.meta.url), 'utf8').split('\n');
    const line = source.findIndex((l) => l.includes("createHash('sha256').update(seed)")) + 1;
    expect(line).toBeGreaterThan(0);
    expect(run.stderr).toContain(`src/sampling/random.ts:${line}:`);
  });
});
