import { PhieuError } from '../errors/errorTable.js';
import { checkDefinition } from '../errors/zodVietnamese.js';
import { surveyDefinitionSchema, type SurveyDefinition } from './schema.js';

/** Validates a survey definition given as JSON text or as an already parsed value. */
export function parseSurveyDefinition(input: string | unknown, source: string): SurveyDefinition {
  const checked = checkDefinition(input, surveyDefinitionSchema);
  if (!checked.ok) throw new PhieuError('surveyDefinition', { source, problems: checked.problems });
  return checked.value;
}
