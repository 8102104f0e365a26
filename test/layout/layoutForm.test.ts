import { describe, expect, it } from 'vitest';
import { loadSurveyDefinitions } from '../../src/io/surveyFiles.js';
import { layoutForm } from '../../src/layout/layoutForm.js';
import { GEOMETRY } from '../../src/layout/pageGeometry.js';
import { MM, type FormLayout, type Rect } from '../../src/layout/types.js';
import { pdfTextMeasurer } from '../../src/layout/textMetrics.js';
import { parseSurveyDefinition } from '../../src/survey/parse.js';

const surveys = [...loadSurveyDefinitions().values()];

const inside = (r: Rect, outer: Rect) => r.x >= outer.x - 1e-6 && r.y >= outer.y - 1e-6 && r.x + r.w <= outer.x + outer.w + 1e-6 && r.y + r.h <= outer.y + outer.h + 1e-6;
const grow = (r: Rect, d: number): Rect => ({ x: r.x - d, y: r.y - d, w: r.w + 2 * d, h: r.h + 2 * d });
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Every rectangle a page prints, with what it is. */
function printedRects(layout: FormLayout, page: number): { what: string; rect: Rect; isBox: boolean }[] {
  const p = layout.pages[page - 1];
  const measure = pdfTextMeasurer();
  const rects: { what: string; rect: Rect; isBox: boolean }[] = [];
  p.marks.forEach((rect, i) => rects.push({ what: `mark ${i}`, rect, isBox: false }));
  rects.push({ what: 'qr', rect: p.qr, isBox: false });
  for (const item of p.items) {
    if (item.type === 'checkbox' || item.type === 'digitCell') rects.push({ what: item.type, rect: item.rect, isBox: true });
    // Glyph box: from the top of the line to the descenders, as wide as the measured text.
    if (item.type === 'text') rects.push({ what: `text "${item.text}"`, rect: { x: item.x, y: item.y, w: measure(item.text, item.font, item.size), h: item.size * 1.15 }, isBox: false });
  }
  for (const slot of layout.slots.filter((s) => s.page === page)) rects.push({ what: `slot ${slot.name}`, rect: slot.rect, isBox: false });
  return rects;
}

describe('layoutForm', () => {
  it('is deterministic: the same definition gives the same layout and hash', () => {
    for (const survey of surveys) {
      const a = layoutForm(survey);
      const b = layoutForm(structuredClone(survey));
      expect(b).toEqual(a);
      expect(a.hash).toMatch(/^[0-9a-f]{12}$/);
    }
  });

  it('changes its hash when a word of the definition changes', () => {
    const survey = surveys.find((s) => s.id === 'quick')!;
    const changed = structuredClone(survey);
    changed.sections[0].questions[1].text += ' (sửa)';
    expect(layoutForm(changed).hash).not.toBe(layoutForm(survey).hash);
  });

  it('keeps every printed thing inside the printable area, at least 10 mm from the paper edge', () => {
    for (const survey of surveys) {
      const layout = layoutForm(survey);
      expect(layout.printable.x).toBeGreaterThanOrEqual(10 * MM - 1e-6);
      for (const page of layout.pages) {
        for (const { what, rect } of printedRects(layout, page.number)) {
          expect(inside(rect, layout.printable), `${survey.id} p${page.number} ${what} ${JSON.stringify(rect)}`).toBe(true);
        }
      }
    }
  });

  it('overlaps nothing, and keeps text and marks clear of every box by the stray-mark margin', () => {
    for (const survey of surveys) {
      const layout = layoutForm(survey);
      for (const page of layout.pages) {
        const rects = printedRects(layout, page.number);
        for (let i = 0; i < rects.length; i++) {
          for (let j = i + 1; j < rects.length; j++) {
            const a = rects[i];
            const b = rects[j];
            // Boxes keep a clearance from everything else (cells of one comb sit closer); other things must not overlap.
            const comb = a.what === 'digitCell' && b.what === 'digitCell';
            const margin = comb ? 1 * MM : a.isBox || b.isBox ? GEOMETRY.boxClearance * 0.75 : 0;
            const clash = overlaps(grow(a.rect, margin), b.rect);
            expect(clash, `${survey.id} p${page.number}: ${a.what} ${JSON.stringify(a.rect)} vs ${b.what} ${JSON.stringify(b.rect)}`).toBe(false);
          }
        }
      }
    }
  });

  it('gives every question exactly one field, with boxes of about 4–5 mm and cells large enough to write in', () => {
    for (const survey of surveys) {
      const layout = layoutForm(survey);
      const ids = survey.sections.flatMap((s) => s.questions.map((q) => q.id));
      expect(layout.fields.map((f) => f.questionId)).toEqual(ids);
      for (const field of layout.fields) {
        if ('options' in field) for (const o of field.options) expect(o.rect.w / MM).toBeGreaterThanOrEqual(4), expect(o.rect.w / MM).toBeLessThanOrEqual(5);
        if ('cells' in field) for (const c of field.cells) expect(c.w / MM).toBeGreaterThanOrEqual(6), expect(c.h / MM).toBeGreaterThanOrEqual(8);
      }
    }
  });

  it('flows a long survey onto further pages, repeating the grid header', () => {
    const base = surveys.find((s) => s.id === 'sipas')!;
    const long = parseSurveyDefinition(
      { ...base, id: 'long', sections: [...base.sections, ...base.sections.map((s, i) => ({ ...s, questions: s.questions.map((q) => ({ ...q, id: `${q.id}_${i}` })) }))] },
      'long',
    );
    const layout = layoutForm(long);
    expect(layout.pages.length).toBeGreaterThanOrEqual(3);
    for (const page of layout.pages) {
      const fieldsHere = layout.fields.filter((f) => f.page === page.number);
      expect(fieldsHere.length).toBeGreaterThan(0);
      if (fieldsHere[0].kind === 'scale') expect(page.items.some((i) => i.type === 'text' && i.text === 'Rất hài' )).toBe(true);
    }
  });
});
