/**
 * The page worker's compiled module in dist/: workers always run the built JavaScript that `npm start` runs. When the
 * pool is created from the TypeScript sources (under the tests, whose setup builds dist/ first), this file is
 * src/ingest/pageWorkerScript.ts and the same module is found at the same place under dist/.
 */
export function pageWorkerScript(): URL {
  const here = new URL(import.meta.url);
  return here.pathname.endsWith('.ts') ? new URL('../../dist/ingest/pageWorker.js', here) : new URL('./pageWorker.js', here);
}
