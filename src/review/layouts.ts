import type { FieldLayout, FormLayout, Rect } from '../layout/types.js';
import type { Db } from '../store/db.js';
import { findLayout } from '../store/printRuns.js';
import type { Question, SurveyDefinition } from '../survey/schema.js';

export interface KnownLayout {
  survey: SurveyDefinition;
  layout: FormLayout;
  questions: Map<string, { question: Question; heading?: string }>;
}

// A layout never changes once stored (its hash is its identity), so it is parsed once per process.
const cache = new Map<string, KnownLayout>();

export function knownLayout(db: Db, hash: string): KnownLayout | undefined {
  const cached = cache.get(hash);
  if (cached) return cached;
  const found = findLayout(db, hash);
  if (!found) return undefined;
  const questions = new Map<string, { question: Question; heading?: string }>();
  for (const section of found.survey.sections) for (const question of section.questions) questions.set(question.id, { question, heading: section.heading });
  const known = { ...found, questions };
  cache.set(hash, known);
  return known;
}

export function fieldOf(layout: FormLayout, questionId: string): FieldLayout | undefined {
  return layout.fields.find((f) => f.questionId === questionId);
}

/** The area a field's marks or writing occupy, in points: what the page view outlines. */
export function fieldRect(field: FieldLayout): Rect {
  const rects = 'options' in field ? field.options.map((o) => o.rect) : 'cells' in field ? field.cells : [field.rect];
  const x = Math.min(...rects.map((r) => r.x));
  const y = Math.min(...rects.map((r) => r.y));
  return { x, y, w: Math.max(...rects.map((r) => r.x + r.w)) - x, h: Math.max(...rects.map((r) => r.y + r.h)) - y };
}
