import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../src/server/app.js';

/** Words that give away an English sentence; Vietnamese text carries diacritics, so a literal with any is Vietnamese. */
const ENGLISH = /\b(the|is|are|was|not|no|yes|failed|error|loading|loaded|saved?|please|select|upload(ed|ing)?|files?|pages?|forms?|review|done|cancel|delete|open|close|next|back|of|to|for|with|and|or|from|by|unknown|invalid|missing|none|ok|items?|queue|scanned|printed|returned|refused|resolved|referred|pending|waiting|running)\b/i;
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
/** Literals that are code, not text: CSS selectors and class lists, MIME types, URLs, single words (keys, events). */
const CODE = /^(?:[#./]|[a-z][\w-]*(?:[ .#:>[\]=-]+[\w-]*)*$|[\w/+-]+\/[\w.+-]+$|\w+$)/;
/** Text that is the same in Vietnamese. */
const ALLOWED = new Set(['PDF', 'CSV', 'XLSX', 'dd/mm/yyyy']);

/** The text of every string and template literal (a template's `${…}` parts read as a space), comments skipped. */
function literals(source: string): string[] {
  const found: string[] = [];
  let i = 0;
  const readString = (quote: string) => {
    let text = '';
    for (i++; i < source.length && source[i] !== quote; i++) {
      if (source[i] === '\\') text += source[++i];
      else text += source[i];
    }
    i++;
    return text;
  };
  const readTemplate = (): string => {
    let text = '';
    for (i++; i < source.length && source[i] !== '`'; i++) {
      if (source[i] === '\\') text += source[++i];
      else if (source[i] === '$' && source[i + 1] === '{') {
        i += 2;
        scan('}');
        text += ' ';
      } else text += source[i];
    }
    i++;
    return text;
  };
  // Walks code until `end` (a template's closing brace) or the end of the source, collecting literals on the way.
  const scan = (end?: string) => {
    let depth = 0;
    while (i < source.length) {
      const c = source[i];
      if (c === end && depth === 0) return;
      if (c === '{') depth++;
      if (c === '}') depth--;
      if (source.startsWith('//', i)) i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
      else if (source.startsWith('/*', i)) i = source.indexOf('*/', i) + 2;
      else if (c === "'" || c === '"') found.push(readString(c));
      else if (c === '`') found.push(readTemplate());
      else i++;
    }
  };
  scan();
  return found.filter((text) => /[a-z]{2,}/i.test(text));
}

function scripts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? scripts(path.join(dir, e.name)) : e.name.endsWith('.js') ? [path.join(dir, e.name)] : []));
}

describe('text of the web app', () => {
  it('finds English in a literal like those the screens show, and not in code-like literals', () => {
    const found = literals(`toast('Upload failed'); h('div', { class: 'card empty' }); x = \`\${a ? \`nested \${b}\` : ''} Loading the file\`; // not this one`);
    expect(found.filter((t) => !VIETNAMESE.test(t) && !CODE.test(t.trim()) && ENGLISH.test(t))).toEqual(['Upload failed', '  Loading the file']);
  });

  it('has no English toasts, states, labels or messages in the browser scripts', () => {
    const english = scripts(path.join(WEB_ROOT, 'js')).flatMap((file) =>
      literals(fs.readFileSync(file, 'utf8'))
        .filter((text) => !VIETNAMESE.test(text) && !CODE.test(text.trim()) && !ALLOWED.has(text.trim()) && ENGLISH.test(text))
        .map((text) => `${path.basename(file)}: ${text}`),
    );
    expect(english).toEqual([]);
  });
});
