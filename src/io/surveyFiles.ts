import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSurveyDefinition } from '../survey/parse.js';
import type { SurveyDefinition } from '../survey/schema.js';

/** The survey definitions shipped with phieu. */
export const FORMS_DIR = fileURLToPath(new URL('../../forms/', import.meta.url));

/** Loads and validates every `*.json` definition of a folder, keyed by survey id. */
export function loadSurveyDefinitions(dir = FORMS_DIR): Map<string, SurveyDefinition> {
  const surveys = new Map<string, SurveyDefinition>();
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    const survey = parseSurveyDefinition(fs.readFileSync(file, 'utf8'), path.relative(process.cwd(), file) || file);
    if (surveys.has(survey.id)) throw new Error(`${file}: survey id "${survey.id}" is already defined by another file`);
    surveys.set(survey.id, survey);
  }
  return surveys;
}

export function loadSurveyDefinition(id: string, dir = FORMS_DIR): SurveyDefinition {
  const survey = loadSurveyDefinitions(dir).get(id);
  if (!survey) {
    const known = [...loadSurveyDefinitions(dir).keys()].join(', ');
    throw new Error(`No survey "${id}" in ${dir} (known: ${known})`);
  }
  return survey;
}
