import { seededRandom } from './random.js';
import type { RegisterCase } from './registerRow.js';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Tôn Nữ', 'Nguyễn Phước'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quang', 'Thu', 'Xuân', 'Hoài', 'Kim'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Đức', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Phương', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Thủy', 'Trang', 'Tuấn', 'Vy', 'Yến'];
const STREETS = ['Lê Lợi', 'Hùng Vương', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Phan Đình Phùng', 'Bà Triệu', 'Điện Biên Phủ', 'Nguyễn Sinh Cung', 'Chi Lăng', 'Đặng Thái Thân'];
const WARDS = ['Phú Hội', 'Thuận Hóa', 'Vỹ Dạ', 'An Cựu', 'Thủy Xuân', 'Kim Long', 'Hương Long', 'Phú Thượng', 'Thủy Vân', 'Hương Sơ'];
const PROCEDURES = [
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
}

/** Offices of a district with case counts spread over every tier. */
export const DEMO_DISTRICT: DemoOffice[] = [
  { name: 'UBND phường Phú Hội', cases: 1450 },
  { name: 'UBND phường Thuận Hóa', cases: 620 },
  { name: 'UBND phường Vỹ Dạ', cases: 85 },
  { name: 'UBND xã Hương Phong', cases: 240 },
  { name: 'Bộ phận một cửa UBND thành phố Huế', cases: 5200 },
  { name: 'Sở Tư pháp tỉnh Thừa Thiên Huế', cases: 2300 },
];

/**
 * A realistic register with known content, for the demo, tests and benchmarks: Vietnamese names, addresses in wards
 * of Huế, common procedures, mobile numbers in every accepted spelling, and some people with several cases.
 */
export function generateDemoRegister(options: { seed: string; offices?: DemoOffice[]; year?: number }): RegisterCase[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const year = options.year ?? 2025;
  const cases: RegisterCase[] = [];
  let previous: RegisterCase | undefined;
  for (const office of options.offices ?? DEMO_DISTRICT) {
    for (let i = 0; i < office.cases; i++) {
      const received = new Date(Date.UTC(year, 0, 1) + Math.floor(random() * 350) * 86_400_000);
      const returned = new Date(received.getTime() + (1 + Math.floor(random() * 15)) * 86_400_000);
      // One case in twenty is a person who came back for another procedure.
      const again = previous && random() < 0.05 ? previous : undefined;
      const organisation = !again && random() < 0.08;
      const entry: RegisterCase = {
        caseCode: `${String(cases.length + 1).padStart(6, '0')}.${String(year).slice(2)}.${String(Math.floor(random() * 90) + 10)}`,
        officeName: office.name,
        procedure: pick(PROCEDURES),
        receivedOn: received.toISOString().slice(0, 10),
        returnedOn: returned.toISOString().slice(0, 10),
        name: again?.name ?? (organisation ? `Công ty TNHH ${pick(GIVEN)} ${pick(WARDS)}` : `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`),
        phone: again?.phone ?? `${pick(MOBILE_PREFIXES)}${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
        address: again?.address ?? `${1 + Math.floor(random() * 200)} ${pick(STREETS)}, phường ${pick(WARDS)}, thành phố Huế`,
        kind: organisation ? 'organisation' : 'individual',
      };
      cases.push(entry);
      previous = entry;
    }
  }
  return cases;
}

/** Writes a register as the one-stop system exports it: Vietnamese headers, dd/mm/yyyy dates, UTF-8 with BOM. */
export function registerCsv(cases: RegisterCase[], delimiter = ','): string {
  const headers = ['STT', 'Mã hồ sơ', 'Tên thủ tục', 'Cơ quan/Đơn vị', 'Ngày tiếp nhận', 'Ngày trả kết quả', 'Họ và tên', 'Số điện thoại', 'Địa chỉ', 'Loại'];
  const quote = (v: string) => (/[",;\t\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const dmy = (iso: string | null) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');
  const lines = cases.map((c, i) =>
    [String(i + 1), c.caseCode, c.procedure ?? '', c.officeName, dmy(c.receivedOn), dmy(c.returnedOn), c.name ?? '', c.phone ?? '', c.address ?? '', c.kind === 'organisation' ? 'Tổ chức' : 'Cá nhân']
      .map(quote)
      .join(delimiter),
  );
  return `\ufeff${[headers.join(delimiter), ...lines].join('\r\n')}\r\n`;
}
