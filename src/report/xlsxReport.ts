import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { ResultsReport } from '../results/buildReport.js';
import { inertCell, inertText } from '../io/spreadsheetText.js';
import { exceljs } from '../runtime/lazyPackages.js';
import type { CellValue, ReportTable } from './tables.js';
import { reportTables } from './tables.js';
import { RESULTS_HEADINGS } from '../results/headings.js';

/** Sheet names: short (Excel allows 31 characters) and free of the characters Excel refuses. */
const SHEET_NAMES: Record<string, string> = {
  summary: 'Tổng hợp',
  elements: 'Yếu tố',
  criteria: 'Tiêu chí',
  office: 'Cơ quan',
  level: 'Cấp',
  procedure: 'Thủ tục',
  field: 'Lĩnh vực',
  choices: 'Mong muốn',
  channel: 'Kênh',
  source: 'Nguồn',
  month: 'Tháng',
  year: 'Năm',
  adequacy: 'Đủ mẫu',
  reasons: 'Lý do không tính',
  exclusions: 'Phiếu không tính',
  distributions: RESULTS_HEADINGS.distributions,
  indices: 'Chỉ số theo nhóm',
  answers: 'Câu trả lời',
};

/** The effective answers: a header and rows produced one at a time, so a country's year never sits in memory twice. */
export interface AnswerSheet {
  header: string[];
  rows: Iterable<CellValue[]>;
}

/**
 * The report as a workbook, streamed to `out`: a sheet per table (summary, elements, criteria, each breakdown,
 * adequacy, exclusions with reasons, answer distributions, all indices) and the effective answers of every form
 * (no names, phone numbers or handwritten text). Shares are numbers formatted as percentages.
 */
export async function writeReportXlsx(report: ResultsReport, answers: AnswerSheet, out: Writable): Promise<void> {
  const workbook = new (exceljs().stream.xlsx.WorkbookWriter)({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'phieu';
  for (const table of reportTables(report)) addTableSheet(workbook, table);
  const sheet = workbook.addWorksheet(SHEET_NAMES.answers, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = answers.header.map((header) => ({ header: inertText(header), width: Math.max(8, Math.min(24, header.length + 4)) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of answers.rows) sheet.addRow(row.map(inertCell)).commit();
  sheet.commit();
  await workbook.commit();
}

function addTableSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, table: ReportTable): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES[table.id] ?? table.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    header: inertText(c.header),
    width: c.width + 2,
    style: c.kind === 'share' ? { numFmt: '0.0%' } : c.kind === 'count' ? { numFmt: '#,##0' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'top' };
  for (const row of table.rows) sheet.addRow(row.map(inertCell)).commit();
  sheet.commit();
}
