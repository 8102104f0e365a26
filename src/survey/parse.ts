import { PhieuError } from '../errors/errorTable.js';
import { describeIssues, jsonSyntaxProblem, vietnameseIssues } from '../errors/zodVietnamese.js';
import { surveyDefinitionSchema, type SurveyDefinition } from './schema.js';

/** Validates a survey definition given as JSON text or as an already parsed value. */
export function parseSurveyDefinition(input: string | unknown, source: string): SurveyDefinition {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new PhieuError('surveyDefinition', { source, problems: [jsonSyntaxProblem(error)] });
    }
  }
  const result = surveyDefinitionSchema.safeParse(value, { error: vietnameseIssues });
  if (!result.success) throw new PhieuError('surveyDefinition', { source, problems: describeIssues(result.error) });
  return result.data;
}
