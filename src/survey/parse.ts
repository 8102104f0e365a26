import { z } from 'zod';
import { surveyDefinitionSchema, type SurveyDefinition } from './schema.js';

/** A survey definition that cannot be used; the message names the source and the path of each bad field. */
export class SurveyDefinitionError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
    this.name = 'SurveyDefinitionError';
  }
}

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
      throw new SurveyDefinitionError(source, [`không phải JSON hợp lệ (${(error as Error).message})`]);
    }
  }
  const result = surveyDefinitionSchema.safeParse(value);
  if (!result.success) throw new SurveyDefinitionError(source, describeIssues(result.error));
  return result.data;
}
