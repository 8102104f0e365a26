import fs from 'node:fs';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { answerTableHeader, exportableQuestions } from '../results/answerTable.js';
import { optionsOf, type Question, type SurveyDefinition } from '../survey/schema.js';
import { tableCsv, type CsvCell } from '../io/csvTable.js';

/**
 * The effective answers for a statistics package: a data CSV, SPSS syntax that reads it with Vietnamese variable and
 * value labels, and a codebook. No npm library writes .sav files and is kept up (the few that exist are unmaintained
 * readers), and syntax is text an analyst can read and change: `SET UNICODE=ON` with `/ENCODING='UTF8'` opens the
 * labels with their diacritics in SPSS 16 and later, and PSPP runs the same file.
 */

type Variable =
  | { name: string; label: string; kind: 'string'; width: number }
  | { name: string; label: string; kind: 'numeric'; values: { code: number; label: string }[]; missing?: number };

/** The fixed columns of the answers table, by their Vietnamese header: SPSS names are ASCII. */
const FIXED: Record<string, { name: string; width: number }> = {
  'Mã phiếu': { name: 'ma_phieu', width: 60 },
  Kênh: { name: 'kenh', width: 40 },
  Nguồn: { name: 'nguon', width: 80 },
  'Cơ quan': { name: 'co_quan', width: 200 },
  'Mã hồ sơ': { name: 'ma_ho_so', width: 60 },
  'Ngày trả lời': { name: 'ngay_tl', width: 10 },
  'Được tính': { name: 'duoc_tinh', width: 5 },
  'Lý do không tính': { name: 'ly_do', width: 200 },
};

/** SPSS keeps variable labels to 256 bytes and value labels to 120: cut on a character, never inside one. */
function withinBytes(text: string, bytes: number): string {
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > bytes) break;
    out += ch;
  }
  return out;
}
const variableLabel = (text: string) => withinBytes(text, 255);
const valueLabel = (text: string) => withinBytes(text, 120);

/** A name SPSS takes: letters, digits and underscores, starting with a letter. */
const spssName = (id: string) => {
  const name = id.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(name) ? name : `q_${name}`;
};

const numericCodes = (q: Question) => optionsOf(q).every((o) => /^\d+$/.test(o.code));

/** What a single answer with more than one box marked (left for review, or judged invalid) is written as. */
function invalidCode(q: Question): number {
  const codes = new Set(optionsOf(q).map((o) => Number(o.code)));
  return codes.has(99) ? 999 : 99;
}

/** Each exported question as variables: a single or scale answer one numeric variable; a multiple answer one 0/1 per option. */
function questionVariables(q: Question): Variable[] {
  const label = `${q.id}. ${q.text}`;
  if ((q.kind === 'single' || q.kind === 'scale') && numericCodes(q)) {
    const invalid = invalidCode(q);
    return [{ name: spssName(q.id), label: variableLabel(label), kind: 'numeric', values: [...optionsOf(q).map((o) => ({ code: Number(o.code), label: valueLabel(o.label) })), { code: invalid, label: 'Không hợp lệ (nhiều hơn một ô)' }], missing: invalid }];
  }
  if (q.kind === 'multiple') {
    return optionsOf(q).map((o) => ({
      name: spssName(`${q.id}_${o.code}`),
      label: variableLabel(`${label}: ${o.label}`),
      kind: 'numeric',
      values: [
        { code: 1, label: 'Có chọn' },
        { code: 0, label: 'Không chọn' },
      ],
    }));
  }
  return [{ name: spssName(q.id), label: variableLabel(label), kind: 'string', width: q.kind === 'digits' ? q.length : q.kind === 'date' ? 10 : 100 }];
}

export interface SpssExport {
  variables: Variable[];
  /** The data file's header: the variable names, in order. */
  header: string[];
  /** Turns a row of the answers table into the data file's row. */
  row: (answers: (string | null)[]) => CsvCell[];
}

export function spssExport(survey: SurveyDefinition): SpssExport {
  const fixed = answerTableHeader(survey).slice(0, Object.keys(FIXED).length);
  const questions = exportableQuestions(survey);
  const variables: Variable[] = [
    ...fixed.map((h): Variable => ({ name: FIXED[h].name, label: h, kind: 'string', width: FIXED[h].width })),
    ...questions.flatMap(questionVariables),
  ];
  const row = (answers: (string | null)[]): CsvCell[] => [
    ...answers.slice(0, fixed.length),
    ...questions.flatMap((q, i): CsvCell[] => {
      const value = answers[fixed.length + i];
      if (q.kind === 'multiple') {
        const chosen = value === null ? null : new Set(value.split(';').filter(Boolean));
        return optionsOf(q).map((o) => (chosen === null ? null : chosen.has(o.code) ? 1 : 0));
      }
      if ((q.kind === 'single' || q.kind === 'scale') && numericCodes(q)) {
        if (value === null || value === '') return [null];
        return [/^\d+$/.test(value) ? Number(value) : invalidCode(q)];
      }
      return [value];
    }),
  ];
  return { variables, header: variables.map((v) => v.name), row };
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** SPSS syntax that reads `dataFile` (a name beside the syntax file) and labels every variable and value. */
export function spssSyntax(spss: SpssExport, survey: SurveyDefinition, dataFile: string): string {
  const { variables } = spss;
  const labelled = variables.filter((v): v is Extract<Variable, { kind: 'numeric' }> => v.kind === 'numeric');
  const missing = labelled.filter((v) => v.missing !== undefined);
  return [
    '* Encoding: UTF-8.',
    `* ${survey.name}: câu trả lời hiện tại của mọi phiếu (phieu). Chạy tệp này từ thư mục chứa ${dataFile},`,
    `* hoặc bỏ dấu * ở dòng CD dưới đây và ghi thư mục đó vào.`,
    "* CD 'C:\\thu-muc-du-lieu'.",
    'SET UNICODE=ON.',
    'GET DATA /TYPE=TXT',
    `  /FILE=${quote(dataFile)}`,
    "  /ENCODING='UTF8'",
    '  /ARRANGEMENT=DELIMITED',
    "  /DELIMITERS=','",
    `  /QUALIFIER='"'`,
    '  /FIRSTCASE=2',
    '  /VARIABLES=',
    ...variables.map((v) => `    ${v.name} ${v.kind === 'string' ? `A${v.width}` : 'F3.0'}`),
    '.',
    'VARIABLE LABELS',
    ...variables.map((v, i) => `  ${i ? '/' : ''}${v.name} ${quote(v.label)}`),
    '.',
    'VALUE LABELS',
    ...labelled.map((v, i) => `  ${i ? '/' : ''}${v.name} ${v.values.map((x) => `${x.code} ${quote(x.label)}`).join(' ')}`),
    '.',
    ...(missing.length ? ['MISSING VALUES', ...missing.map((v, i) => `  ${i ? '/' : ''}${v.name} (${v.missing})`), '.'] : []),
    'EXECUTE.',
    '',
  ].join('\r\n');
}

/** The codebook, one row per variable and, under it, one per labelled value: for people (the CSV writer's defaults). */
export function codebookRows(spss: SpssExport): { header: string[]; rows: CsvCell[][] } {
  return {
    header: ['Biến', 'Nhãn biến', 'Kiểu', 'Giá trị', 'Nhãn giá trị', 'Giá trị thiếu'],
    rows: spss.variables.flatMap((v): CsvCell[][] =>
      v.kind === 'string'
        ? [[v.name, v.label, `chuỗi (${v.width} ký tự)`, null, null, null]]
        : [[v.name, v.label, 'số', null, null, v.missing ?? null], ...v.values.map((x): CsvCell[] => [v.name, null, null, x.code, x.label, null])],
    ),
  };
}

/**
 * Writes the three files: the syntax to `out` (named `syntaxPath`), the data beside it as `<name>.csv` (no BOM and a
 * decimal point: SPSS reads it by the syntax, not Excel) and the codebook as `<name>-codebook.csv` (for people).
 */
export async function writeSpssFiles(survey: SurveyDefinition, answers: Iterable<(string | null)[]>, syntaxPath: string, out: Writable): Promise<{ data: string; codebook: string }> {
  const stem = syntaxPath.replace(/\.sps$/i, '');
  const files = { data: `${stem}.csv`, codebook: `${stem}-codebook.csv` };
  const spss = spssExport(survey);
  const rows = (function* () {
    for (const answer of answers) yield spss.row(answer);
  })();
  await pipeline(Readable.from(tableCsv(spss.header, rows, { decimal: 'point', bom: false })), fs.createWriteStream(files.data));
  const codebook = codebookRows(spss);
  await pipeline(Readable.from(tableCsv(codebook.header, codebook.rows)), fs.createWriteStream(files.codebook));
  await pipeline(Readable.from([spssSyntax(spss, survey, path.basename(files.data))]), out);
  return files;
}
