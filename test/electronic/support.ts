import fs from 'node:fs';
import { parseMapping } from '../../src/electronic/mapping.js';
import { loadSurveyDefinitions } from '../../src/io/surveyFiles.js';

export const surveys = loadSurveyDefinitions();
export const MAPPINGS = new URL('../../mappings/', import.meta.url);
export const sample = (name: string) => new URL(`samples/${name}`, MAPPINGS).pathname;
export const shippedMapping = (name: string) => parseMapping(fs.readFileSync(new URL(name, MAPPINGS), 'utf8'), name, surveys);
