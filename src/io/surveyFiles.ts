import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPhieuError, PhieuError } from '../errors/errorTable.js';
import { parseSurveyDefinition } from '../survey/parse.js';
import type { SurveyDefinition } from '../survey/schema.js';

/** The survey definitions: an installation's own folder when PHIEU_FORMS names one, else those shipped with phieu. */
export const FORMS_DIR = process.env.PHIEU_FORMS ? path.resolve(process.env.PHIEU_FORMS) : fileURLToPath(new URL('../../forms/', import.meta.url));

/** A definition file that cannot be used, and why. */
export interface SurveyFileProblem {
  file: string;
  reason: string;
}

export interface SurveyFolder {
  surveys: Map<string, SurveyDefinition>;
  /** Files set aside; every other survey of the folder stays usable. */
  problems: SurveyFileProblem[];
}

/**
 * Reads and validates every `*.json` definition of a folder, keyed by survey id. A file that is not valid JSON, fails
 * the schema or repeats another file's survey id is set aside with its reason: one mistake in one file must not stop
 * every command that needs the other surveys.
 */
export function readSurveyFolder(dir = FORMS_DIR): SurveyFolder {
  const surveys = new Map<string, SurveyDefinition>();
  const sources = new Map<string, string>();
  const problems: SurveyFileProblem[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    const shown = path.relative(process.cwd(), file) || file;
    let survey: SurveyDefinition;
    try {
      survey = parseSurveyDefinition(fs.readFileSync(file, 'utf8'), shown);
    } catch (error) {
      problems.push({ file: shown, reason: isPhieuError(error, 'surveyDefinition') ? error.params.problems.join('; ') : (error as Error).message });
      continue;
    }
    const first = sources.get(survey.id);
    if (first) {
      problems.push({ file: shown, reason: `mã phiếu "${survey.id}" đã được định nghĩa trong ${first}` });
      continue;
    }
    surveys.set(survey.id, survey);
    sources.set(survey.id, shown);
  }
  return { surveys, problems };
}

/** The usable surveys of a folder (files set aside are reported by readSurveyFolder). */
export function loadSurveyDefinitions(dir = FORMS_DIR): Map<string, SurveyDefinition> {
  return readSurveyFolder(dir).surveys;
}

export function loadSurveyDefinition(id: string, dir = FORMS_DIR): SurveyDefinition {
  const { surveys, problems } = readSurveyFolder(dir);
  const survey = surveys.get(id);
  if (!survey) {
    throw new PhieuError('surveyNotInFolder', { survey: id, folder: dir, known: [...surveys.keys()], setAside: problems.map(surveyProblemText) });
  }
  return survey;
}

export function surveyProblemText(problem: SurveyFileProblem): string {
  return `${problem.file} (${problem.reason})`;
}

/** The warning a person reads about a definition file that was set aside. */
export function surveyProblemWarning(problem: SurveyFileProblem): string {
  return `Cảnh báo: bỏ qua tệp định nghĩa phiếu ${surveyProblemText(problem)}; các phiếu khác vẫn dùng được.`;
}
