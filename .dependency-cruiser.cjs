// The layers of ARCHITECTURE.md as rules. `npm run lint:deps` (run by `npm test` through test/house) fails on any
// dependency that breaks them and is not in .dependency-cruiser-known-violations.json, the list of leaks still to
// remove: it may only shrink (regenerate it with `npm run lint:deps:baseline` after removing one).
const SHELLS = '^src/(cli|server)/';
const SERVICES = '^src/(ingest|review|report|planning|intake|station|demo|personal)/';
const STORE = '^src/store/';
const ADAPTERS = '^src/(io|runtime|errors)/';
const DOMAIN = '^src/(survey|layout|recognize|handwriting|qr|phone|sampling|results|electronic|ocr|print)/';
// The browser side of the server (its own program: web-entry/tsconfig.json) and its contract with the server.
const BROWSER = '^web-entry/';
const CONTRACT = '^src/web/[^/]+\\.d\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'A file must not reach itself through its imports.',
      severity: 'error',
      from: { path: '^(src|web-entry)/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two folders must not import each other, directly or through others.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'nothing-imports-a-shell',
      comment: 'cli and server are the outside of phieu: nothing imports them but themselves and `phieu start`.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '^src/cli/start\\.ts$' },
      to: { path: SHELLS, pathNot: '^src/$1/' },
    },
    {
      name: 'services-do-not-import-shells',
      severity: 'error',
      from: { path: SERVICES },
      to: { path: SHELLS },
    },
    {
      name: 'domain-is-pure',
      comment: 'The domain neither reads the store nor calls services or shells: it is given what it needs.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: `${SERVICES}|${STORE}|${SHELLS}` },
    },
    {
      name: 'store-is-the-bottom',
      comment: 'The store holds SQL and typed rows; it calls no service and no shell.',
      severity: 'error',
      from: { path: STORE },
      to: { path: `${SERVICES}|${SHELLS}` },
    },
    {
      name: 'store-computes-nothing',
      comment: 'The store takes domain types and schemas only; computing (a draw, a report) belongs to a service.',
      severity: 'error',
      from: { path: STORE },
      to: { path: DOMAIN, pathNot: '^src/survey/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-are-below-services',
      comment: 'io, runtime and errors read files and packages for the others; they call no store, service or shell.',
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: `${STORE}|${SERVICES}|${SHELLS}` },
    },
    {
      name: 'generators-stay-out-of-the-app',
      comment: 'Test and bench generators (tools/scangen) and test support are not part of what `npm start` loads.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(tools|test|bench)/' },
    },
    {
      name: 'browser-runs-only-its-own-code',
      comment:
        'The browser loads only what web-entry/ builds and /js/labels.js: from src/ it reads the contract with the server (src/web/*.d.ts, declarations), never server, store or any other code.',
      severity: 'error',
      from: { path: BROWSER },
      to: { path: '^(src|tools|test|bench)/', pathNot: CONTRACT },
    },
    {
      name: 'contract-stands-alone',
      comment: 'src/web/ declares what server and browser exchange; it imports nothing, so both programs can include it.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^(src|web-entry)/', pathNot: '^src/web/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.d.ts', '.js'] },
  },
};
