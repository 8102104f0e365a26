import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadSurveyDefinition } from '../../src/io/surveyFiles.js';
import { answerTableHeader } from '../../src/results/answerTable.js';
import { writeSpssFiles } from '../../src/report/spssExport.js';
import { parseSurveyDefinition } from '../../src/survey/parse.js';
import type { SurveyDefinition } from '../../src/survey/schema.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

/** The five levels as SIPAS prints them, written out here rather than taken from the code under test. */
const SCALE = ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'];

interface RawQuestion {
  id: string;
  kind: string;
  text: string;
  format?: string;
  options?: { code: string; label: string }[];
}
const rawQuestions = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { sections: { questions: RawQuestion[] }[] }).sections.flatMap((s) => s.questions);

const unquote = (s: string) => s.slice(1, -1).replace(/''/g, "'");
/** Reads back the blocks of SPSS syntax this export writes: the variables with their formats, and the labels. */
function parseSyntax(sps: string) {
  const block = (start: string) => {
    const lines = sps.split('\r\n');
    const from = lines.findIndex((l) => l.startsWith(start));
    if (from < 0) return [];
    return lines.slice(from + 1, lines.indexOf('.', from)).map((l) => l.trim().replace(/^\//, ''));
  };
  const variables = block('  /VARIABLES=').map((l) => l.split(' ') as [string, string]);
  const labels = new Map(block('VARIABLE LABELS').map((l) => [l.slice(0, l.indexOf(' ')), unquote(l.slice(l.indexOf(' ') + 1))]));
  const values = new Map(
    block('VALUE LABELS').map((l) => {
      const name = l.slice(0, l.indexOf(' '));
      const pairs = [...l.slice(name.length).matchAll(/(\d+) ('(?:[^']|'')*')/g)].map((m) => [Number(m[1]), unquote(m[2])] as const);
      return [name, pairs];
    }),
  );
  const missing = new Map(block('MISSING VALUES').map((l) => [l.split(' ')[0], Number(/\((\d+)\)/.exec(l)![1])]));
  return { variables, labels, values, missing };
}

async function exportOf(survey: SurveyDefinition, rows: (string | null)[][]) {
  const sps = path.join(tempDir(), 'ket-qua.sps');
  const files = await writeSpssFiles(survey, rows, sps, fs.createWriteStream(sps));
  return { sps: fs.readFileSync(sps, 'utf8'), data: fs.readFileSync(files.data, 'utf8'), codebook: fs.readFileSync(files.codebook, 'utf8'), files };
}

describe('the SPSS export for analysts', () => {
  it('labels every SIPAS question and answer in Vietnamese as forms/sipas.json defines them, and the data reads back under those names', async () => {
    const sipas = loadSurveyDefinition('sipas');
    const raw = rawQuestions('forms/sipas.json').filter((q) => q.kind !== 'text');
    const header = answerTableHeader(sipas);
    const fixed = ['paper:7', 'Phiếu giấy', 'Phiếu giấy', 'UBND phường "Phú Hội", Huế', 'H57-0001', '2024-03-05', 'có', null];
    const answerOf = (q: RawQuestion) => (q.id === 'a1' ? '4' : q.id === 'a2' ? '2;3' : q.id === 'a3' ? null : q.kind === 'scale' ? '5' : q.options![0].code);
    const row = [...fixed, ...raw.map(answerOf)];
    expect(row.length).toBe(header.length);
    const { sps, data, codebook } = await exportOf(sipas, [row]);

    expect(sps).toContain('SET UNICODE=ON.');
    expect(sps).toContain("/ENCODING='UTF8'");
    const syntax = parseSyntax(sps);
    expect(syntax.labels.get('co_quan')).toBe('Cơ quan');
    expect(syntax.labels.get('ngay_tl')).toBe('Ngày trả lời');
    for (const q of raw.filter((x) => x.kind === 'multiple')) {
      for (const o of q.options!) {
        const name = `${q.id}_${o.code}`.replace(/[^A-Za-z0-9_]/g, '_');
        expect(`${q.id}. ${q.text}: ${o.label}`.startsWith(syntax.labels.get(name)!), name).toBe(true);
        expect(syntax.values.get(name)).toEqual([[1, 'Có chọn'], [0, 'Không chọn']]);
      }
    }
    for (const q of raw.filter((x) => x.kind !== 'multiple')) {
      expect(Buffer.byteLength(syntax.labels.get(q.id)!)).toBeLessThanOrEqual(255);
      expect(`${q.id}. ${q.text}`.startsWith(syntax.labels.get(q.id)!), q.id).toBe(true);
      expect(syntax.labels.get(q.id)!.length).toBeGreaterThan(Math.min(60, q.text.length));
      const expected = q.kind === 'scale' ? SCALE.map((label, i) => [i + 1, label]) : q.options!.map((o) => [Number(o.code), o.label]);
      expect(syntax.values.get(q.id)!.slice(0, -1), q.id).toEqual(expected);
      expect(syntax.values.get(q.id)!.at(-1)).toEqual([syntax.missing.get(q.id), 'Không hợp lệ (nhiều hơn một ô)']);
    }

    // No BOM and a decimal point: SPSS reads the data by the syntax; the header is the variables in order.
    expect(data.charCodeAt(0)).not.toBe(0xfeff);
    const [names, values] = parse(data) as string[][];
    expect(names).toEqual(syntax.variables.map(([name]) => name));
    const cell = (name: string) => values[names.indexOf(name)];
    expect(cell('co_quan')).toBe('UBND phường "Phú Hội", Huế');
    expect([cell('a1'), cell('a2'), cell('a3')]).toEqual(['4', String(syntax.missing.get('a2')), '']);
    expect(syntax.variables.find(([n]) => n === 'a1')![1]).toMatch(/^F/);
    expect(syntax.variables.find(([n]) => n === 'ma_phieu')![1]).toMatch(/^A\d+$/);

    // The codebook is for people: BOM, one row per variable and per labelled value.
    expect(codebook.charCodeAt(0)).toBe(0xfeff);
    const book = parse(codebook, { bom: true, columns: true }) as Record<string, string>[];
    expect(book.filter((r) => r['Biến'] === 'gender' && r['Giá trị'] !== '').map((r) => r['Nhãn giá trị'])).toEqual([...raw.find((q) => q.id === 'gender')!.options!.map((o) => o.label), 'Không hợp lệ (nhiều hơn một ô)']);
  });

  it('writes a multiple answer as one 0/1 variable per option, and leaves out written text and phone numbers', async () => {
    const survey = parseSurveyDefinition(
      {
        id: 'nhieu',
        name: 'Phiếu thử',
        title: 'PHIẾU THỬ',
        instructions: 'Đánh dấu X.',
        sections: [
          {
            heading: 'A',
            questions: [
              { id: 'phone', kind: 'digits', length: 10, format: 'phone', text: 'Số điện thoại' },
              { id: 'mong-doi', kind: 'multiple', text: 'Ông/Bà mong muốn cải thiện điều gì?', options: [{ code: '1', label: "Thông tin 'rõ' hơn" }, { code: '2', label: 'Thủ tục đơn giản' }, { code: '3', label: 'Thái độ công chức' }] },
              { id: 'y-kien', kind: 'text', lines: 2, text: 'Ý kiến khác' },
              { id: 'ngay', kind: 'date', text: 'Ngày' },
            ],
          },
        ],
      },
      'test',
    );
    const header = answerTableHeader(survey);
    expect(header.slice(-2)).toEqual(['mong-doi', 'ngay']);
    const base = ['paper:1', 'Phiếu giấy', 'Phiếu giấy', 'Sở Tư pháp', null, '2024-03-05', 'có', null];
    const { sps, data } = await exportOf(survey, [[...base, '1;3', '05/03/2024'], [...base, null, null]]);
    const syntax = parseSyntax(sps);
    expect(syntax.labels.get('mong_doi_1')).toBe("mong-doi. Ông/Bà mong muốn cải thiện điều gì?: Thông tin 'rõ' hơn");
    expect(syntax.values.get('mong_doi_2')).toEqual([[1, 'Có chọn'], [0, 'Không chọn']]);
    expect([...syntax.labels.keys()].filter((n) => /phone|kien/.test(n))).toEqual([]);
    const rows = parse(data, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.mong_doi_1, r.mong_doi_2, r.mong_doi_3, r.ngay])).toEqual([['1', '0', '1', '05/03/2024'], ['', '', '', '']]);
  });
});
