import fs from 'node:fs';
import path from 'node:path';
import { parseMapping } from '../../src/electronic/mapping.js';
import { loadSurveyDefinitions } from '../../src/io/surveyFiles.js';
import type { Db } from '../../src/store/db.js';
import { importRegister } from '../../src/planning/registerImport.js';

export const surveys = loadSurveyDefinitions();
export const MAPPINGS = new URL('../../mappings/', import.meta.url);
export const sample = (name: string) => new URL(`samples/${name}`, MAPPINGS).pathname;
export const shippedMapping = (name: string) => parseMapping(fs.readFileSync(new URL(name, MAPPINGS), 'utf8'), name, surveys);

/** Makes offices exist as a planner does: by importing a register with a case at each. */
export async function registerOffices(db: Db, dir: string, names: string[]): Promise<void> {
  const file = path.join(dir, `offices-${names.length}.csv`);
  fs.writeFileSync(file, ['Mã hồ sơ,Cơ quan/Đơn vị', ...names.map((name, i) => `OFFICE-${i}-${name.length},${name}`)].join('\n'));
  await importRegister(db, file, { actor: 'test' });
}

export const HUE_S_OFFICES = ['UBND phường Phú Hội', 'UBND phường Thuận Hóa', 'Sở Tư pháp tỉnh Thừa Thiên Huế', 'UBND phường Vỹ Dạ', 'UBND xã Hương Phong'];
