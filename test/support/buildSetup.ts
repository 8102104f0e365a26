import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Builds dist/ and the browser's web-entry/js/ once before the tests: the CLI the tests start and the page workers
 * run the built JavaScript, and the server serves the built screens, as `npm start` does, so a test never runs a build
 * older than the sources beside it (incremental: a second run with nothing changed only checks).
 */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const cwd = fileURLToPath(new URL('../..', import.meta.url));
  for (const project of ['tsconfig.build.json', 'web-entry']) execFileSync(process.execPath, [tsc, '-p', project], { cwd, stdio: 'inherit' });
}
