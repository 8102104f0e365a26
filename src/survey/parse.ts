import { z } from 'zod';
import { PhieuError } from '../errors/errorTable.js';
import { surveyDefinitionSchema, type SurveyDefinition } from './schema.js';

/** Formats a zod path the way people read it in JSON: `sections[1].questions[3].options`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = formatPath(issue.path);
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}

/** Validates a survey definition given as JSON text or as an already parsed value. */
export function parseSurveyDefinition(input: string | unknown, source: string): SurveyDefinition {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new PhieuError('surveyDefinition', { source, problems: [`không phải JSON hợp lệ (${(error as Error).message})`] });
    }
  }
  const result = surveyDefinitionSchema.safeParse(value);
  if (!result.success) throw new PhieuError('surveyDefinition', { source, problems: describeIssues(result.error) });
  return result.data;
}
