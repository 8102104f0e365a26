import type { SampleListRow } from './sampleList.js';
import { groupByRoute } from './routes.js';

const dmy = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

const OUTCOME_LABELS: Record<string, string> = { refused: 'Từ chối', unreachable: 'Không liên lạc được' };

/** What the enumerator must know about a row beyond the case: who left the sample, and whom a reserve replaces. */
export function sampleListNote(row: SampleListRow): string {
  if (row.outcome) return `${OUTCOME_LABELS[row.outcome] ?? row.outcome}${row.replacedBy ? `; thay bằng ${row.replacedBy}` : '; hết người dự phòng'}`;
  if (row.replaces) return `Dự phòng, thay cho ${row.replaces}`;
  return '';
}

/** The columns of a sample list, shared by the PDF, XLSX and CSV so the three never disagree. */
export const SAMPLE_LIST_COLUMNS: { header: string; width: number; value: (row: SampleListRow, index: number) => string }[] = [
  { header: 'STT', width: 24, value: (_r, i) => String(i + 1) },
  { header: 'Mã hồ sơ', width: 70, value: (r) => r.caseCode },
  { header: 'Họ tên', width: 98, value: (r) => r.name ?? '' },
  { header: 'Số điện thoại', width: 64, value: (r) => r.phone ?? '' },
  { header: 'Địa chỉ', width: 122, value: (r) => r.address ?? '' },
  { header: 'Thủ tục', width: 92, value: (r) => r.procedure ?? '' },
  { header: 'Ngày trả kết quả', width: 62, value: (r) => dmy(r.returnedOn) },
  { header: 'Số phiếu', width: 40, value: (r) => (r.serial ? String(r.serial) : '') },
  { header: 'Ngày phát', width: 50, value: () => '' },
  { header: 'Ngày thu', width: 50, value: () => '' },
  { header: 'Ký nhận', width: 52, value: () => '' },
  { header: 'Ghi chú', width: 70, value: sampleListNote },
];

export interface SampleListSection {
  /** The enumerator's route (a ward or commune), or null for the whole office on one list. */
  route: string | null;
  rows: SampleListRow[];
}

/** The whole list, or one list per route; numbering (STT) starts again on each. */
export function sampleListSections(rows: SampleListRow[], byRoute = false): SampleListSection[] {
  return byRoute && rows.length ? groupByRoute(rows) : [{ route: null, rows }];
}
