import fs from 'node:fs';
import path from 'node:path';
import { registerCsv } from '../../src/sampling/demoRegister.js';
import type { RegisterCase } from '../../src/sampling/registerRow.js';
import { seededRandom } from '../../src/sampling/random.js';
import { openDatabase } from '../../src/store/db.js';
import { importRegister } from '../../src/planning/registerImport.js';
import type { Workload } from './workload.js';

/** Cases the one-stop system numbered on either side of each written one. */
const NEIGHBOURS = 50;
/** Written case codes the register lacks (a case missing from the export, or a code the respondent miscopied). */
const MISSING_SHARE = 0.05;

/**
 * The office register a quick form's written case code is matched against (issue 17 point 4), imported as a planner
 * imports it: the cases of the codes written on the stack, one in twenty missing, each amid the cases numbered just
 * before and after it, as a one-stop system numbers them. So a misread digit often lands on a real neighbouring code,
 * and a code the register lacks must not be taken for its neighbour. Returns the number of cases imported.
 */
export async function importWrittenRegister(workload: Workload, seed = 'review-load/register'): Promise<number> {
  const random = seededRandom(seed);
  const written = workload.truth.pages.flatMap((p) => p.answers?.digits.filter((d) => d.questionId === 'case_code' && d.digits) ?? []).map((d) => d.digits);
  const codes = new Set<string>();
  for (const code of written) {
    const number = BigInt(code);
    for (let k = -NEIGHBOURS; k <= NEIGHBOURS; k++) if (k !== 0 && number + BigInt(k) >= 0n) codes.add(String(number + BigInt(k)).padStart(code.length, '0'));
  }
  for (const code of written) if (random() >= MISSING_SHARE) codes.add(code);
  const cases: RegisterCase[] = [...codes].map((caseCode) => ({ caseCode, officeName: 'UBND phường Phú Hội', procedure: null, receivedOn: null, returnedOn: null, name: null, phone: null, address: null, kind: null }));
  const file = path.join(path.dirname(workload.dataDir), 'so-dang-ky.csv');
  fs.writeFileSync(file, registerCsv(cases));
  const db = openDatabase(workload.dataDir);
  try {
    const report = await importRegister(db, file, { actor: 'bench' });
    if (!report.stored) throw new Error(`the bench register was not imported: ${report.bad.length} bad rows`);
    return report.kept;
  } finally {
    db.close();
  }
}
