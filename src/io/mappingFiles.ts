import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PhieuError } from '../errors/errorTable.js';
import { parseMapping, type ElectronicMapping } from '../electronic/mapping.js';
import type { SurveyDefinition } from '../survey/schema.js';
import { loadSurveyDefinitions } from './surveyFiles.js';

const SHIPPED_MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url));

/** A mapping file, or the name of a shipped one (`hue-s`, `kiosk`). */
export function mappingFile(name: string): string {
  if (fs.existsSync(name) && fs.statSync(name).isFile()) return name;
  const shipped = path.join(SHIPPED_MAPPINGS, `${name.replace(/\.json$/, '')}.json`);
  if (fs.existsSync(shipped)) return shipped;
  const known = fs.readdirSync(SHIPPED_MAPPINGS).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  throw new PhieuError('unknownMapping', { mapping: name, known });
}

/** Reads and checks a mapping file (or a shipped one, by name) against the survey it maps onto. */
export function loadMapping(name: string): { mapping: ElectronicMapping; survey: SurveyDefinition } {
  const file = mappingFile(name);
  return parseMapping(fs.readFileSync(file, 'utf8'), path.basename(file), loadSurveyDefinitions());
}
