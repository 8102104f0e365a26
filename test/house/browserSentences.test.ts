import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const sourcesUnder = (dir: string) =>
  fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
/** Four words or more: a heading, a message or a sentence — not a column's name such as "Số điện thoại". */
const isSentence = (text: string) => VIETNAMESE.test(text) && text.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length >= 4;

/** The texts a source file writes: its string literals and the fixed parts of its template strings (not comments). */
function writtenTexts(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, false);
  const texts: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const text = node.text.trim();
      if (isSentence(text)) texts.push(text);
    }
    node.forEachChild(visit);
  };
  visit(source);
  return texts;
}

/** Each sentence written in both the browser's code and the server's, with where. */
function sentencesWrittenTwice(browserFiles: string[], serverFiles: string[]): string[] {
  const onServer = new Map<string, string>();
  for (const file of serverFiles) for (const text of writtenTexts(file)) onServer.set(text, file);
  return browserFiles.flatMap((file) => writtenTexts(file).filter((text) => onServer.has(text)).map((text) => `${file}: "${text}" (also in ${onServer.get(text)})`));
}

describe('what the browser and the server say', () => {
  it('is written once: no Vietnamese sentence or heading of the browser code is also written in src/ (the browser shows what the server sends)', () => {
    expect(sentencesWrittenTwice(sourcesUnder('web-entry/src'), sourcesUnder('src'))).toEqual([]);
  });

  it('finds a sentence written in both, in a literal or a template, and not in a comment', () => {
    const dir = fs.mkdtempSync(path.join(root, 'test', 'house', '.sentences-'));
    try {
      const write = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.relative(root, path.join(dir, name)));
      const browser = write('browser.ts', "const a = 'Mã hồ sơ chưa đúng, xem lại.';\nconst b = `Còn ${n} mục chờ duyệt lại hôm nay`;\n// Không có trang này nhé bạn\n");
      const server = write('server.ts', "throw new Error('Mã hồ sơ chưa đúng, xem lại.');\nconst c = `${x} mục chờ duyệt lại hôm nay`;\nconst d = 'Không có trang này nhé bạn';\nconst e = 'Số điện thoại';\n");
      expect(sentencesWrittenTwice([browser], [server])).toEqual([
        `${browser}: "Mã hồ sơ chưa đúng, xem lại." (also in ${server})`,
        `${browser}: "mục chờ duyệt lại hôm nay" (also in ${server})`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
