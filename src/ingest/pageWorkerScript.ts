import { bundleModule } from '../runtime/bundleModule.mjs';

let script: Promise<URL> | undefined;

/**
 * The page worker as one plain JavaScript module, bundled when the first pool starts: through tsx every worker thread
 * would run a module loader thread of its own, about 25 MB each. Should bundling fail, the workers run through tsx.
 */
export function pageWorkerScript(): Promise<URL> {
  script ??= bundleModule(new URL('./pageWorker.ts', import.meta.url)).catch((error: Error) => {
    process.stderr.write(`phieu: page workers run through tsx (bundling failed: ${error.message.split('\n')[0]})\n`);
    return new URL('./pageWorkerEntry.mjs', import.meta.url);
  });
  return script;
}
