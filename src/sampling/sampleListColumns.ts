import type { SampleListRow } from '../store/sampling.js';

/** The columns of a sample list, shared by the PDF, XLSX and CSV so the three never disagree. */
export const SAMPLE_LIST_COLUMNS: { header: string; width: number; value: (row: SampleListRow, index: number) => string }[] = [
  { header: 'STT', width: 28, value: (_r, i) => String(i + 1) },
  { header: 'Mã hồ sơ', width: 72, value: (r) => r.caseCode },
  { header: 'Họ tên', width: 110, value: (r) => r.name ?? '' },
  { header: 'Số điện thoại', width: 70, value: (r) => r.phone ?? '' },
  { header: 'Địa chỉ', width: 135, value: (r) => r.address ?? '' },
  { header: 'Thủ tục', width: 105, value: (r) => r.procedure ?? '' },
  { header: 'Ngày trả kết quả', width: 58, value: (r) => (r.returnedOn ? `${r.returnedOn.slice(8, 10)}/${r.returnedOn.slice(5, 7)}/${r.returnedOn.slice(0, 4)}` : '') },
  { header: 'Số phiếu', width: 42, value: (r) => (r.serial ? String(r.serial) : '') },
  { header: 'Ngày phát', width: 56, value: () => '' },
  { header: 'Ngày thu', width: 54, value: () => '' },
  { header: 'Ký nhận', width: 56, value: () => '' },
];
