import fs from 'node:fs';
import path from 'node:path';
import { mobileNumber } from '../../src/demo/respondent.js';
import { demoExportRows } from '../../src/electronic/demoExport.js';
import { applyKnownValues } from '../../src/handwriting/knownValues.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { importElectronic } from '../../src/intake/electronicImport.js';
import { importStaff } from '../../src/intake/staffImport.js';
import { tableCsv } from '../../src/io/csvTable.js';
import { loadMapping } from '../../src/io/mappingFiles.js';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import type { FieldRead } from '../../src/recognize/readPage.js';
import { loadResultsInput, resultSettings } from '../../src/report/resultsReport.js';
import { mergeResults } from '../../src/results/buildReport.js';
import type { RegisterCase } from '../../src/sampling/registerRow.js';
import { seededRandom } from '../../src/sampling/random.js';
import type { Db } from '../../src/store/db.js';
import { knownValuesOf } from '../../src/store/knownValues.js';
import type { StoredPage } from '../../tools/scangen/judge.js';
import { SURVEYS, writtenDigits, type Workload } from './workload.js';

/**
 * What a province's database holds besides the register by the time a round's paper is scanned, and with which the
 * doubtful digits of the forms are weighed (issue 17): the desk kiosk's and Hue-S's answers, the staff list, and
 * people who answer on several of their cases. Without it no reading of a doubtful phone or case code could change a
 * count, and every such field would wait to be typed: the review load would be too kind.
 */

/**
 * Register cases answered on the desk kiosk (the quick survey), drawn alike from every case of the register: the
 * quick forms' written codes themselves (a citizen who rated the case on the kiosk and filled a paper form too), their
 * neighbours, and the one-stop respondents' cases. A province that puts a kiosk at each one-stop desk sees a large
 * share of returned cases rated there (the citizen taps it as the result is handed over): one in four here.
 */
export const KIOSK_SHARE = 0.25;

/**
 * One-stop respondents who filed other cases in the year and rated them in Hue-S with their phone — a service agent,
 * a household head doing the land procedures of a family — with two or three such cases each: at or one short of the
 * three forms a person counts for (SURVEYS.md) in the SIPAS survey. The limit holds survey by survey, and no
 * electronic channel answers the one-stop survey, so these answers weigh on no one-stop phone: they are here for the
 * results the bench prints (the SIPAS survey's electronic answers), and a one-stop repeat respondent would have to
 * write the same phone on several paper forms, which the workload does not do.
 */
export const REPEAT_SHARE = 0.1;
export const REPEAT_CASES = [2, 3] as const;

/**
 * The office's staff list: five officials of the one-stop desk, two of whom filled in a one-stop form themselves (an
 * official filling a form "for" a citizen, which must not count: SURVEYS.md), one who filed a case of their own at the
 * desk, and two with nothing else in the round.
 */
export const STAFF = { writers: 2, withCase: 1, others: 2 } as const;

export const CONTEXT_DESCRIPTION = `kiosk answers (quick survey) for ${KIOSK_SHARE * 100} % of the register's cases; ${REPEAT_SHARE * 100} % of one-stop respondents with ${REPEAT_CASES.join('–')} other cases rated in Hue-S (SIPAS survey) with their phone; a staff list of ${STAFF.writers + STAFF.withCase + STAFF.others} officials, ${STAFF.writers} of whom filled a one-stop form, ${STAFF.withCase} with a case in the register`;

/**
 * Other cases of the repeat respondents (`REPEAT_SHARE` of the phones written on one-stop forms), to be in the
 * register: each case made by `returned` with a code numbered apart from every other.
 */
export function repeatRespondentCases(phonesWritten: readonly string[], returned: (caseCode: string, phone: string) => RegisterCase, seed = 'review-load/repeat'): RegisterCase[] {
  const random = seededRandom(seed);
  const cases: RegisterCase[] = [];
  for (const phone of phonesWritten) {
    if (random() >= REPEAT_SHARE) continue;
    const count = REPEAT_CASES[Math.floor(random() * REPEAT_CASES.length)];
    for (let i = 0; i < count; i++) cases.push(returned(`98${String(cases.length).padStart(10, '0')}`, phone));
  }
  return cases;
}

export interface FieldContext {
  kioskAnswers: number;
  hueSAnswers: number;
  staff: number;
  /** Staff phones written on one-stop forms: officials' forms, which must never count. */
  staffWriters: string[];
}

/**
 * The context imported as a planner imports it, through the services the CLI's import-electronic and import-staff
 * commands call, before the scans are: the kiosk's JSON export, a Hue-S export of the repeat respondents' other cases,
 * and the staff list. `kioskShare` is for a test that wants every case answered.
 */
export async function importFieldContext(db: Db, workload: Workload, register: { cases: readonly RegisterCase[]; repeatCases: readonly RegisterCase[] }, options: { seed?: string; kioskShare?: number } = {}): Promise<FieldContext> {
  const seed = options.seed ?? 'review-load/context';
  const random = seededRandom(seed);
  const dir = path.dirname(workload.dataDir);

  const kioskCases = register.cases.filter(() => random() < (options.kioskShare ?? KIOSK_SHARE));
  const kioskFile = path.join(dir, 'kiosk-export.json');
  fs.writeFileSync(kioskFile, JSON.stringify({ status: 'ok', data: { total: kioskCases.length, items: kioskCases.map((c, i) => kioskItem(c, i, random)) } }));
  const kiosk = loadMapping('kiosk');
  const kioskImport = await importElectronic(db, kioskFile, kiosk.mapping, kiosk.survey, { actor: 'bench' });

  const hueS = loadMapping('hue-s');
  const { header, rows } = demoExportRows(register.repeatCases, hueS.mapping, { share: 1, random });
  const hueSFile = path.join(dir, 'hue-s-export.csv');
  fs.writeFileSync(hueSFile, [...tableCsv(header, rows)].join(''));
  const hueSImport = await importElectronic(db, hueSFile, hueS.mapping, hueS.survey, { actor: 'bench' });

  const written = [...new Set(writtenDigits(workload, 'phone'))];
  const writers = pick(written, STAFF.writers, random);
  const withCase = pick(
    register.cases.filter((c) => c.phone && !written.includes(c.phone)).map((c) => c.phone!),
    STAFF.withCase,
    random,
  );
  const phones = [...writers, ...withCase, ...Array.from({ length: STAFF.others }, () => mobileNumber(random))];
  const staffFile = path.join(dir, 'can-bo.csv');
  fs.writeFileSync(staffFile, [...tableCsv(['Họ và tên', 'Cơ quan/Đơn vị', 'Số điện thoại'], phones.map((phone, i) => [`Cán bộ ${i + 1}`, register.cases[0]?.officeName ?? null, phone]))].join(''));
  const staffImport = await importStaff(db, staffFile, { actor: 'bench' });

  if (!kioskImport.stored || !hueSImport.stored || staffImport.bad.length) throw new Error('the bench context was not imported whole');
  return { kioskAnswers: kioskImport.kept, hueSAnswers: hueSImport.kept, staff: staffImport.kept, staffWriters: writers };
}

/** A kiosk rating as the kiosk's export lists it: tapped at the desk on the day the case is returned. */
function kioskItem(c: RegisterCase, i: number, random: () => number) {
  const minutes = 7 * 60 + 30 + Math.floor(random() * 9 * 60);
  const at = `${c.returnedOn}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+07:00`;
  return {
    id: `KQ-${String(i + 1).padStart(6, '0')}`,
    createdAt: at,
    caseCode: c.caseCode,
    deviceId: 'KIOSK-01',
    unit: { name: c.officeName },
    answers: { processingTime: ['SHORTER', 'ON_TIME', 'ON_TIME', 'LONGER'][Math.floor(random() * 4)], contactTimes: ['0', '0', '1', '2'][Math.floor(random() * 4)] },
  };
}

/** `n` of `values` at random (fewer when there are fewer), each once. */
function pick<T>(values: readonly T[], n: number, random: () => number): T[] {
  const left = [...values];
  return Array.from({ length: Math.min(n, left.length) }, () => left.splice(Math.floor(random() * left.length), 1)[0]);
}

export interface ContextEffect {
  /** Doubtful phones and case codes waiting to be typed (readings kept), and those held in the counting queue since one of their readings changes a count. */
  waiting: Record<'phone' | 'caseCode', number>;
  held: Record<'phone' | 'caseCode', number>;
}

/**
 * Which doubtful phones and quick forms' case codes the context sent to the counting queue: those in it that, weighed
 * again against the same register with no reading mattering, would have waited to be typed (or been kept as read).
 * Weighed with the store as it is after ingest, as the page was when stored but for the forms stored after it.
 */
export function contextEffect(db: Db, pages: readonly StoredPage[]): ContextEffect {
  const effect: ContextEffect = { waiting: { phone: 0, caseCode: 0 }, held: { phone: 0, caseCode: 0 } };
  const limit = resultSettings(db).maxFormsPerPerson;
  for (const page of pages) {
    if (page.read.kind !== 'read' || page.outcome !== 'read' || page.serial === null) continue;
    for (const field of page.read.fields) {
      if (field.kind !== 'digits' || !('cells' in field) || (field.format !== 'phone' && field.format !== 'caseCode') || !field.reasons.length) continue;
      const kind = field.format;
      if (field.phoneReadings || field.caseReadings) {
        effect.waiting[kind]++;
        continue;
      }
      const known = knownValuesOf(db, page.serial, { caseCode: kind === 'caseCode', phone: kind === 'phone' }, limit);
      const nothingMatters = { ...known, phonesMatter: () => false, ...(known.casesMatter ? { casesMatter: () => false } : {}) };
      const alone: FieldRead = applyKnownValues(field, nothingMatters, HANDWRITING_SETTINGS);
      if (!alone.reasons.length || ('phoneReadings' in alone && alone.phoneReadings) || ('caseReadings' in alone && alone.caseReadings)) effect.held[kind]++;
    }
  }
  return effect;
}

export interface ResultOutcomes {
  /** Responses of each survey, paper and electronic apart, by outcome: counted, or the reason they are not (yet). */
  bySurvey: Record<string, Record<'paper' | 'electronic', Record<string, number>>>;
  /** Each paper form's outcome by serial: 'counted' or the reason. */
  paper: Map<number, string>;
}

/** The results of every survey as the report computes them, with the rules in force. */
export function resultOutcomes(db: Db): ResultOutcomes {
  const settings = resultSettings(db);
  const paper = new Map<number, string>();
  const bySurvey = Object.fromEntries(
    SURVEYS.map((id) => {
      const input = loadResultsInput(db, loadSurveyDefinition(id));
      const outcomes = mergeResults(input, settings);
      const tally: Record<'paper' | 'electronic', Record<string, number>> = { paper: {}, electronic: {} };
      for (const response of input.responses) {
        const outcome = outcomes.get(response.key)!;
        const name = outcome.counted ? 'counted' : outcome.reason;
        tally[response.channel][name] = (tally[response.channel][name] ?? 0) + 1;
        if (response.channel === 'paper') paper.set(Number(response.key.slice('paper:'.length)), name);
      }
      return [id, tally];
    }),
  );
  return { bySurvey, paper };
}
