// Plain JavaScript, because bin/phieu.js loads it before any TypeScript can run.
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, stop } from 'esbuild';

/**
 * Bundles a TypeScript entry and everything of ours it imports into one ES module, in memory, and returns it as a
 * data: URL to import or to start a worker from. Packages stay outside the bundle, imported by absolute file URL (a
 * data: URL cannot resolve a bare name), and `import.meta.url` keeps naming the source file it is written in, since
 * our modules find their data files and packages from it.
 *
 * @param {URL} entry
 * @returns {Promise<URL>}
 */
export async function bundleModule(entry) {
  building++;
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [packagesByFileUrl, importMetaUrlOfEachFile],
  }).finally(() => {
    // esbuild's service is a process of its own (about 20 MB) that would otherwise live as long as phieu does.
    if (--building === 0) stop();
  });
  return new URL(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
}

let building = 0;

/** @type {import('esbuild').Plugin} */
const packagesByFileUrl = {
  name: 'packages-by-file-url',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (isBuiltin(args.path) || args.pluginData === 'resolving') return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (found.errors.length) return { errors: found.errors };
      return { path: pathToFileURL(found.path).href, external: true };
    });
  },
};

/** @type {import('esbuild').Plugin} */
const importMetaUrlOfEachFile = {
  name: 'import-meta-url-of-each-file',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => ({
      contents: (await fs.promises.readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};
