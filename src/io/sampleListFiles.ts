import { SAMPLE_LIST_COLUMNS, sampleListSections } from '../sampling/sampleListColumns.js';
import type { RecheckRow, SampleListHeader, SampleListRow } from '../sampling/sampleList.js';
import { exceljs } from '../runtime/lazyPackages.js';
import { tableCsv } from './csvTable.js';
import { inertCell } from './spreadsheetText.js';

/** UTF-8 with BOM and CRLF so Excel opens the Vietnamese text correctly; a name that starts like a formula stays text. */
const csvFile = ([header, ...rows]: string[][]) => [...tableCsv(header, rows)].join('');

/** With routes, a first column names each member's route and numbering starts again on each route. */
export function sampleListCsv(rows: SampleListRow[], options: { byRoute?: boolean } = {}): string {
  const routeColumn = options.byRoute ? ['Tuyến'] : [];
  const lines = [[...routeColumn, ...SAMPLE_LIST_COLUMNS.map((c) => c.header)]];
  for (const section of sampleListSections(rows, options.byRoute)) {
    section.rows.forEach((r, i) => lines.push([...(options.byRoute ? [section.route ?? ''] : []), ...SAMPLE_LIST_COLUMNS.map((c) => c.value(r, i))]));
  }
  return csvFile(lines);
}

/** One sheet for the office, or one per route. */
export async function sampleListXlsx(header: SampleListHeader, rows: SampleListRow[], options: { byRoute?: boolean } = {}): Promise<Buffer> {
  const workbook = new (exceljs().Workbook)();
  const used = new Set<string>();
  for (const section of sampleListSections(rows, options.byRoute)) {
    const sheet = workbook.addWorksheet(sheetName(section.route ?? 'Danh sách mẫu', used));
    const addRow = (cells: string[]) => sheet.addRow(cells.map(inertCell));
    addRow([`Danh sách mẫu — ${header.officeName}${section.route ? ` — tuyến ${section.route}` : ''}`]).font = { bold: true, size: 13 };
    addRow([`Hồ sơ trong kỳ: ${header.cases}; cỡ mẫu tối thiểu: ${header.required}; lần chọn mẫu ${header.drawId}, hạt giống "${header.seed}"${header.short ? '; THIẾU MẪU' : ''}`]);
    addRow(SAMPLE_LIST_COLUMNS.map((c) => c.header)).font = { bold: true };
    section.rows.forEach((r, i) => addRow(SAMPLE_LIST_COLUMNS.map((c) => c.value(r, i))));
    SAMPLE_LIST_COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = Math.round(c.width / 5)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// Excel allows 31 characters and none of : \ / ? * [ ] in a sheet name, and no two alike.
function sheetName(wanted: string, used: Set<string>): string {
  const base = wanted.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28);
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} ${n}`;
  used.add(name.toLowerCase());
  return name;
}

/** The re-check list for SMS or calls: contains phone numbers, so its export is audited by the caller. */
export function recheckCsv(rows: RecheckRow[]): string {
  return csvFile([
    ['Số phiếu', 'Số điện thoại', 'Mã hồ sơ', 'Họ tên', 'Cơ quan', 'Kết quả'],
    ...rows.map((r) => [String(r.serial), r.phone, r.caseCode ?? '', r.name ?? '', r.officeName ?? '', r.outcome ? RECHECK_OUTCOME_LABELS[r.outcome] : '']),
  ]);
}

const RECHECK_OUTCOME_LABELS: Record<string, string> = { confirmed: 'Xác nhận', denied: 'Không xác nhận', noAnswer: 'Không trả lời' };
