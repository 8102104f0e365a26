import { tableCsv } from '../io/csvTable.js';
import type { ReportTable } from './tables.js';

export function reportTableCsv(table: ReportTable): string {
  return [...tableCsv(table.columns.map((c) => c.header), table.rows)].join('');
}
