import { seededRandom } from './random.js';
import type { RegisterCase } from './registerRow.js';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Tôn Nữ', 'Nguyễn Phước'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quang', 'Thu', 'Xuân', 'Hoài', 'Kim'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Đức', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Phương', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Thủy', 'Trang', 'Tuấn', 'Vy', 'Yến'];
const STREETS = ['Lê Lợi', 'Hùng Vương', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Phan Đình Phùng', 'Bà Triệu', 'Điện Biên Phủ', 'Nguyễn Sinh Cung', 'Chi Lăng', 'Đặng Thái Thân'];
const CITY_WARDS = ['phường Phú Hội', 'phường Thuận Hóa', 'phường Vỹ Dạ', 'phường An Cựu', 'phường Thủy Xuân', 'phường Kim Long', 'phường Hương Long', 'phường Phú Thượng', 'phường Thủy Vân', 'phường Hương Sơ'];
/** Common procedures of a ward or district one-stop desk. */
export const DEMO_PROCEDURES = [
  'Đăng ký khai sinh',
  'Chứng thực bản sao từ bản chính',
  'Đăng ký kết hôn',
  'Cấp giấy chứng nhận quyền sử dụng đất',
  'Cấp giấy phép xây dựng nhà ở riêng lẻ',
  'Đăng ký thường trú',
  'Cấp bản sao trích lục hộ tịch',
  'Đăng ký khai tử',
  'Chứng thực chữ ký',
  'Đăng ký hộ kinh doanh',
];
const MOBILE_PREFIXES = ['090', '091', '093', '094', '097', '098', '032', '035', '038', '070', '077', '083', '085', '086', '088'];

export interface DemoOffice {
  name: string;
  /** Cases in the year: sets which sample tier the office falls in. */
  cases: number;
  /** Where its applicants live ("xã Hương Phong, thị xã Hương Trà"); wards of Huế when omitted. */
  area?: string;
}

/** Offices of a district with case counts spread over every tier. */
export const DEMO_DISTRICT: DemoOffice[] = [
  { name: 'UBND phường Phú Hội', cases: 1450, area: 'phường Phú Hội, thành phố Huế' },
  { name: 'UBND phường Thuận Hóa', cases: 620, area: 'phường Thuận Hóa, thành phố Huế' },
  { name: 'UBND phường Vỹ Dạ', cases: 85, area: 'phường Vỹ Dạ, thành phố Huế' },
  { name: 'UBND xã Hương Phong', cases: 240, area: 'xã Hương Phong, thị xã Hương Trà' },
  { name: 'Bộ phận một cửa UBND thành phố Huế', cases: 5200 },
  { name: 'Sở Tư pháp tỉnh Thừa Thiên Huế', cases: 2300 },
];

export interface DemoRegisterOptions {
  seed: string;
  offices?: DemoOffice[];
  /** Total number of cases: the offices' counts are scaled to it (their shares, and so their tiers, move with it). */
  cases?: number;
  year?: number;
}

/**
 * A realistic register with known content, for the demo, tests and benchmarks: Vietnamese names, addresses in the
 * office's ward or commune, common procedures, mobile numbers, organisations, and people who came back for another
 * procedure. The same seed gives the same register.
 */
export function generateDemoRegister(options: DemoRegisterOptions): RegisterCase[] {
  return [...demoRegisterCases(options)];
}

/** The same register one case at a time, for registers too large to hold (benchmarks). */
export function* demoRegisterCases(options: DemoRegisterOptions): Generator<RegisterCase> {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const year = options.year ?? 2025;
  let number = 0;
  let previous: RegisterCase | undefined;
  for (const office of scaledOffices(options.offices ?? DEMO_DISTRICT, options.cases)) {
    for (let i = 0; i < office.cases; i++) {
      const received = new Date(Date.UTC(year, 0, 1) + Math.floor(random() * 350) * 86_400_000);
      const returned = new Date(received.getTime() + (1 + Math.floor(random() * 15)) * 86_400_000);
      // One case in twenty is a person who came back for another procedure.
      const again = previous && random() < 0.05 ? previous : undefined;
      const organisation = !again && random() < 0.08;
      const area = office.area ?? `${pick(CITY_WARDS)}, thành phố Huế`;
      const entry: RegisterCase = {
        caseCode: `${String(++number).padStart(6, '0')}.${String(year).slice(2)}.${String(Math.floor(random() * 90) + 10)}`,
        officeName: office.name,
        procedure: pick(DEMO_PROCEDURES),
        field: null,
        receivedOn: received.toISOString().slice(0, 10),
        returnedOn: returned.toISOString().slice(0, 10),
        name: again?.name ?? (organisation ? `Công ty TNHH ${pick(GIVEN)} ${pick(STREETS)}` : `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`),
        phone: again?.phone ?? `${pick(MOBILE_PREFIXES)}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
        address: again?.address ?? `${1 + Math.floor(random() * 200)} ${pick(STREETS)}, ${area}`,
        kind: organisation ? 'organisation' : 'individual',
      };
      yield entry;
      previous = entry;
    }
  }
}

function scaledOffices(offices: DemoOffice[], total: number | undefined): DemoOffice[] {
  if (total === undefined) return offices;
  const all = offices.reduce((n, o) => n + o.cases, 0);
  let left = total;
  return offices.map((o, i) => {
    const cases = i === offices.length - 1 ? left : Math.round((o.cases * total) / all);
    left -= cases;
    return { ...o, cases };
  });
}

/** Registers spell one number many ways; the n-th row gets one of them, so an import always meets all of them. */
function spelledPhone(national: string, n: number): string {
  const rest = national.slice(1);
  if (n % 10 === 3) return `+84 ${rest.slice(0, 3)} ${rest.slice(3, 6)} ${rest.slice(6)}`;
  if (n % 20 === 7) return `84${rest}`;
  if (n % 10 === 5) return `${national.slice(0, 4)}.${national.slice(4, 7)}.${national.slice(7)}`;
  return national;
}

const REGISTER_HEADERS = ['STT', 'Mã hồ sơ', 'Tên thủ tục', 'Cơ quan/Đơn vị', 'Ngày tiếp nhận', 'Ngày trả kết quả', 'Họ và tên', 'Số điện thoại', 'Địa chỉ', 'Loại'];

/**
 * A register as the one-stop system exports it, the header then one row of text cells per case: Vietnamese headers,
 * dd/mm/yyyy dates, phone numbers spelled as people type them (0…, +84 …, 84…, with dots).
 */
export function* registerRows(cases: Iterable<RegisterCase>): Generator<string[]> {
  const dmy = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
  yield REGISTER_HEADERS;
  let i = 0;
  for (const c of cases) {
    yield [String(++i), c.caseCode, c.procedure ?? '', c.officeName, dmy(c.receivedOn), dmy(c.returnedOn), c.name ?? '', c.phone ? spelledPhone(c.phone, i) : '', c.address ?? '', c.kind === 'organisation' ? 'Tổ chức' : 'Cá nhân'];
  }
}

/** The register's rows as CSV lines: UTF-8 with BOM, CRLF. */
export function* registerCsvLines(cases: Iterable<RegisterCase>, delimiter = ','): Generator<string> {
  const quote = (v: string) => (/[",;\t\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  let bom = '\ufeff';
  for (const cells of registerRows(cases)) {
    yield `${bom}${cells.map(quote).join(delimiter)}\r\n`;
    bom = '';
  }
}

export function registerCsv(cases: Iterable<RegisterCase>, delimiter = ','): string {
  return [...registerCsvLines(cases, delimiter)].join('');
}
