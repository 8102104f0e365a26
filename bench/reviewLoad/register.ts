import fs from 'node:fs';
import path from 'node:path';
import { mobileNumber } from '../../src/demo/respondent.js';
import { drawAndStore } from '../../src/planning/draw.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { registerCsv } from '../../src/sampling/demoRegister.js';
import type { RegisterCase } from '../../src/sampling/registerRow.js';
import { seededRandom } from '../../src/sampling/random.js';
import { openDatabase } from '../../src/store/db.js';
import { repeatRespondentCases } from './context.js';
import { OFFICE_NAME, writtenDigits, type Workload } from './workload.js';

/** Cases the one-stop system numbered on either side of each written one. */
const NEIGHBOURS = 50;
/** Written case codes the register lacks (a case missing from the export, or a code the respondent miscopied). */
export const MISSING_SHARE = 0.05;
/**
 * One-stop respondents whose phone the register lacks: a case filed with another number (a relative's, an old one) or
 * none, or a form handed to someone whose case is not in the export.
 */
export const PHONES_MISSING_SHARE = 0.1;

export interface WrittenRegister {
  cases: number;
  /** Phones written on one-stop forms, and of those the register holds. */
  phonesWritten: number;
  phonesInRegister: number;
  /** The register's cases, and of those the repeat respondents' other cases (see context.ts). */
  registerCases: RegisterCase[];
  repeatCases: RegisterCase[];
}

/**
 * The office register, imported as a planner imports it, and the round drawn from it (issue 17 point 4): the cases of
 * the codes written on the quick forms, one in twenty missing, each amid the cases numbered just before and after it,
 * as a one-stop system numbers them (so a misread digit often lands on a real neighbouring code, and a code the
 * register lacks must not be taken for its neighbour); and a case for each one-stop respondent, who is handed the
 * blank form as their finished case is returned, with their phone — but for one in ten. Every case has a phone and
 * was returned in the round's period, for which the office's sample is drawn. Some one-stop respondents filed other
 * cases too, with the same phone (`repeatRespondentCases`).
 */
export async function importWrittenRegister(workload: Workload, seed = 'review-load/register'): Promise<WrittenRegister> {
  const random = seededRandom(seed);
  const written = writtenDigits(workload, 'case_code');
  const codes = new Set<string>();
  for (const code of written) {
    const number = BigInt(code);
    for (let k = -NEIGHBOURS; k <= NEIGHBOURS; k++) if (k !== 0 && number + BigInt(k) >= 0n) codes.add(String(number + BigInt(k)).padStart(code.length, '0'));
  }
  for (const code of written) if (random() >= MISSING_SHARE) codes.add(code);
  const { from, to } = workload.period;
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  const dayOf = (offset: number) => new Date(Date.parse(from) + offset * 86_400_000).toISOString().slice(0, 10);
  const returned = (caseCode: string, phone: string): RegisterCase => {
    const day = Math.floor(random() * (days + 1));
    return { caseCode, officeName: OFFICE_NAME, procedure: null, receivedOn: dayOf(day - 5), returnedOn: dayOf(day), name: null, phone, address: null, kind: null };
  };
  const cases = [...codes].map((code) => returned(code, mobileNumber(random)));
  const phones = writtenDigits(workload, 'phone');
  const registered = phones.filter(() => random() >= PHONES_MISSING_SHARE);
  registered.forEach((phone, i) => cases.push(returned(`99${String(i).padStart(10, '0')}`, phone)));
  const repeatCases = repeatRespondentCases(phones, returned);
  cases.push(...repeatCases);

  const file = path.join(path.dirname(workload.dataDir), 'so-dang-ky.csv');
  fs.writeFileSync(file, registerCsv(cases));
  const db = openDatabase(workload.dataDir);
  try {
    const report = await importRegister(db, file, { actor: 'bench' });
    if (!report.stored) throw new Error(`the bench register was not imported: ${report.bad.length} bad rows`);
    drawAndStore(db, { seed, reserveShare: 0.2, actor: 'bench', periodFrom: from, periodTo: to });
    return { cases: report.kept, phonesWritten: phones.length, phonesInRegister: registered.length, registerCases: cases, repeatCases };
  } finally {
    db.close();
  }
}
