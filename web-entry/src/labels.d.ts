// /js/labels.js is written by the server from its own tables (src/server/webLabels.ts); these are its declarations.
export * from '../../src/web/labels.js';
