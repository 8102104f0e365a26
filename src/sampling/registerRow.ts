import { checkVietnamesePhone } from '../phone/vietnamesePhone.js';

/** One finished case of the register, validated. */
export interface RegisterCase {
  caseCode: string;
  officeName: string;
  procedure: string | null;
  /** The procedure's field (lĩnh vực), where the register gives it. */
  field?: string | null;
  receivedOn: string | null;
  returnedOn: string | null;
  name: string | null;
  phone: string | null;
  address: string | null;
  kind: 'individual' | 'organisation' | null;
}

export type RegisterField = keyof RegisterCase;

/** Field → header, for registers whose headers are not recognised by name. */
export type ColumnMapping = Partial<Record<RegisterField, string>>;

export interface RowError {
  /** Row number as the planner sees it in the file (the header row counts). */
  row: number;
  column: string;
  reason: string;
}

export const FIELD_LABELS: Record<RegisterField, string> = {
  caseCode: 'Mã hồ sơ',
  officeName: 'Cơ quan/Đơn vị',
  procedure: 'Tên thủ tục',
  field: 'Lĩnh vực',
  receivedOn: 'Ngày tiếp nhận',
  returnedOn: 'Ngày trả kết quả',
  name: 'Họ và tên',
  phone: 'Số điện thoại',
  address: 'Địa chỉ',
  kind: 'Loại',
};

// Header spellings seen in registers exported by the one-stop systems, compared without accents, case or punctuation.
const ALIASES: Record<RegisterField, string[]> = {
  caseCode: ['ma ho so', 'ma hs', 'so ho so', 'ma so ho so', 'case code'],
  officeName: ['co quan/don vi', 'co quan', 'don vi', 'co quan don vi', 'noi tiep nhan', 'don vi tiep nhan', 'office'],
  procedure: ['ten thu tuc', 'thu tuc', 'ten thu tuc hanh chinh', 'thu tuc hanh chinh', 'procedure'],
  field: ['linh vuc', 'ten linh vuc', 'linh vuc thu tuc', 'field'],
  receivedOn: ['ngay tiep nhan', 'ngay nhan', 'ngay nop'],
  returnedOn: ['ngay tra ket qua', 'ngay tra', 'ngay tra kq', 'ngay hoan thanh'],
  name: ['ho va ten', 'ho ten', 'ten nguoi nop', 'nguoi nop', 'chu ho so', 'ten to chuc/ca nhan'],
  phone: ['so dien thoai', 'dien thoai', 'sdt', 'so dt', 'dt'],
  address: ['dia chi', 'dia chi lien he'],
  kind: ['loai', 'loai doi tuong', 'doi tuong', 'ca nhan/to chuc'],
};

export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^a-z0-9/]+/g, ' ')
    .replace(/\s*\/\s*/g, '/')
    .trim();
}

/**
 * Which column holds which field: by name, or by an explicit mapping (`field → header`) for registers with other
 * headers. Returns the column index per field, and the required fields that were not found.
 */
export function recogniseColumns(headers: string[], mapping: ColumnMapping = {}): { columns: Partial<Record<RegisterField, number>>; missing: RegisterField[] } {
  const folded = headers.map(foldHeader);
  const columns: Partial<Record<RegisterField, number>> = {};
  for (const field of Object.keys(ALIASES) as RegisterField[]) {
    const wanted = mapping[field] ? [foldHeader(mapping[field])] : ALIASES[field];
    const index = folded.findIndex((h) => wanted.includes(h));
    if (index >= 0) columns[field] = index;
  }
  const missing = (['caseCode', 'officeName'] as RegisterField[]).filter((f) => columns[f] === undefined);
  return { columns, missing };
}

/** How many known headers a row holds: the header row of a sheet is the first row with several. */
export function headerScore(cells: string[], extraHeaders: string[] = []): number {
  const all = new Set([...Object.values(ALIASES).flat(), ...extraHeaders.map(foldHeader)]);
  return cells.filter((c) => all.has(foldHeader(c))).length;
}

export type Cell = string | number | Date | null | undefined;

// No register of finished cases goes back further; an earlier date is a typing slip or Excel's empty date (1900).
const EARLIEST_DATE = '2000-01-01';

/**
 * Validates one row. A row with any error is reported whole and not kept. With the `headers` (of a CSV file), a row
 * whose cells do not line up with them (a line that lost or gained a delimiter) is refused before its cells are read.
 */
export function parseRegisterRow(cells: Cell[], columns: Partial<Record<RegisterField, number>>, row: number, headers?: string[]): { value?: RegisterCase; errors: RowError[] } {
  const misaligned = headers && misalignment(cells, headers, row);
  if (misaligned) return { errors: [misaligned] };
  const errors: RowError[] = [];
  const fail = (field: RegisterField, reason: string) => errors.push({ row, column: FIELD_LABELS[field], reason });
  const text = (field: RegisterField): string | null => {
    const index = columns[field];
    const cell = index === undefined ? null : cells[index];
    if (cell === null || cell === undefined) return null;
    const value = (cell instanceof Date ? cell.toISOString() : String(cell)).trim();
    return value === '' ? null : value;
  };
  // Tomorrow in UTC: a register exported in the Vietnamese morning already carries the day UTC has not reached.
  const latest = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const date = (field: 'receivedOn' | 'returnedOn'): string | null => {
    const index = columns[field];
    const cell = index === undefined ? null : cells[index];
    if (cell === null || cell === undefined || cell === '') return null;
    const parsed = parseDate(cell);
    if (!parsed) fail(field, `ngày không đọc được: "${String(cell)}" (dùng dd/mm/yyyy)`);
    else if (parsed < EARLIEST_DATE) fail(field, `ngày ${dmy(parsed)} trước năm ${EARLIEST_DATE.slice(0, 4)}: không phải ngày của hồ sơ`);
    else if (parsed > latest) fail(field, `ngày ${dmy(parsed)} chưa đến`);
    else return parsed;
    return null;
  };
  const caseCode = text('caseCode');
  if (!caseCode) fail('caseCode', 'thiếu mã hồ sơ');
  const officeName = text('officeName');
  if (!officeName) fail('officeName', 'thiếu cơ quan/đơn vị');
  const rawPhone = text('phone');
  let phone: string | null = null;
  if (rawPhone) {
    const checked = checkVietnamesePhone(rawPhone);
    if (checked.ok) phone = checked.phone;
    else fail('phone', checked.reason);
  }
  const receivedOn = date('receivedOn');
  const returnedOn = date('returnedOn');
  if (receivedOn && returnedOn && returnedOn < receivedOn) fail('returnedOn', `ngày trả kết quả ${dmy(returnedOn)} trước ngày tiếp nhận ${dmy(receivedOn)}`);
  const rawKind = text('kind');
  const kindFolded = rawKind ? foldHeader(rawKind) : null;
  const kind = kindFolded === null ? null : kindFolded.startsWith('ca nhan') ? 'individual' : kindFolded.startsWith('to chuc') ? 'organisation' : undefined;
  if (kind === undefined) fail('kind', `loại "${rawKind}" không rõ (Cá nhân hoặc Tổ chức)`);
  if (errors.length) return { errors };
  return {
    errors,
    value: { caseCode: caseCode!, officeName: officeName!, procedure: text('procedure'), field: text('field'), receivedOn, returnedOn, name: text('name'), phone, address: text('address'), kind: kind ?? null },
  };
}

/** A row with fewer cells than the header, or with filled cells past its last column. */
function misalignment(cells: Cell[], headers: string[], row: number): RowError | undefined {
  let width = headers.length;
  while (width > 0 && !headers[width - 1]) width--;
  if (cells.length < width) return { row, column: headers[cells.length], reason: `dòng chỉ có ${cells.length} trên ${width} cột của dòng tiêu đề (thiếu từ cột "${headers[cells.length]}")` };
  let filled = cells.length;
  while (filled > width && (cells[filled - 1] === null || cells[filled - 1] === undefined || String(cells[filled - 1]).trim() === '')) filled--;
  if (filled > width) return { row, column: `cột ${width + 1}`, reason: `dòng có ${filled} cột, nhiều hơn ${width} cột của dòng tiêu đề (dấu phẩy hay chấm phẩy trong một ô không có ngoặc kép?)` };
  return undefined;
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

// Excel counts days from 1899-12-30 (its leap-year bug folded in).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** dd/mm/yyyy (also d-m-yyyy, dd.mm.yyyy), yyyy-mm-dd, an Excel serial number or a Date → ISO date. */
export function parseDate(cell: Cell): string | null {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number' || /^\d{5}(\.\d+)?$/.test(String(cell).trim())) {
    const serial = Number(cell);
    if (serial < 20000 || serial > 80000) return null;
    return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
  }
  const text = String(cell).trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s.*)?$/.exec(text);
  if (m) return isoIfValid(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s].*)?$/.exec(text);
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

function isoIfValid(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}
