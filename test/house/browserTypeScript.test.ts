import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('the browser code', () => {
  it('is all TypeScript and type-checked: web-entry builds no JavaScript source as it is', () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'web-entry', 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => expect.fail(String(d.messageText)) });
    expect(config?.errors).toEqual([]);
    expect(config?.options.allowJs ?? false).toBe(false);
    const untyped = config!.fileNames.filter((f) => !f.endsWith('.ts')).map((f) => path.relative(root, f));
    expect(untyped).toEqual([]);
    // With allowJs off the compiler would skip a .js screen silently: look in the folder too.
    const sources = ts.sys.readDirectory(path.join(root, 'web-entry', 'src'), ['.js', '.mjs', '.jsx']).map((f) => path.relative(root, f));
    expect(sources).toEqual([]);
  });
});
