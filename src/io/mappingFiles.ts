import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PhieuError } from '../errors/errorTable.js';
import { parseMapping, type ElectronicMapping } from '../electronic/mapping.js';
import { parsePortalMapping, type PortalMapping } from '../electronic/portalRating.js';
import type { SurveyDefinition } from '../survey/schema.js';
import { loadSurveyDefinitions } from './surveyFiles.js';

const SHIPPED_MAPPINGS = fileURLToPath(new URL('../../mappings/', import.meta.url));

// The shipped mappings are a few kB; a file far larger is not a mapping, and is not read into memory to find out.
const MAX_MAPPING_BYTES = 256 * 1024;

/**
 * A mapping file (a .json file of at most 256 kB), or the name of a shipped one (`hue-s`, `kiosk`). Anything else is
 * refused before it is read, so `--mapping` cannot be pointed at another file to see it quoted back.
 */
export function mappingFile(name: string): string {
  const stat = fs.statSync(name, { throwIfNoEntry: false });
  if (stat?.isFile()) {
    const problem = !/\.json$/i.test(name)
      ? 'không phải tệp ánh xạ (tệp ánh xạ là tệp .json)'
      : stat.size > MAX_MAPPING_BYTES
        ? `tệp quá lớn (${Math.ceil(stat.size / 1024)} kB) để là một tệp ánh xạ (tối đa ${MAX_MAPPING_BYTES / 1024} kB)`
        : undefined;
    if (problem) throw new PhieuError('mappingDefinition', { source: path.basename(name), problems: [problem] });
    return name;
  }
  const known = fs.readdirSync(SHIPPED_MAPPINGS).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  const shipped = name.replace(/\.json$/, '');
  if (known.includes(shipped)) return path.join(SHIPPED_MAPPINGS, `${shipped}.json`);
  throw new PhieuError('unknownMapping', { mapping: name, known });
}

/** Reads and checks a mapping file (or a shipped one, by name) against the survey it maps onto. */
export function loadMapping(name: string): { mapping: ElectronicMapping; survey: SurveyDefinition } {
  const file = mappingFile(name);
  return parseMapping(fs.readFileSync(file, 'utf8'), path.basename(file), loadSurveyDefinitions());
}

/** The mapping of a one-stop portal export: a mapping file, or the shipped one (mappings/portal/mot-cua.json). */
export function loadPortalMapping(file?: string): PortalMapping {
  const chosen = file ? mappingFile(file) : path.join(SHIPPED_MAPPINGS, 'portal', 'mot-cua.json');
  return parsePortalMapping(fs.readFileSync(chosen, 'utf8'), path.basename(chosen));
}
