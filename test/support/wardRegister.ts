import fs from 'node:fs';
import path from 'node:path';

export const WARD_OFFICE = { code: 'ubnd-phuong-phu-hoi', name: 'UBND phường Phú Hội' };

/** Ten cases of one small office (all of them sampled), living in three wards of 6, 3 and 1 people. */
export const WARD_ADDRESSES = [
  ...Array.from({ length: 6 }, (_, i) => `${i + 1} Nguyễn Sinh Cung, phường Vỹ Dạ`),
  '2 Hùng Vương, phường Phú Hội',
  '4 Lê Lợi, phường Phú Hội',
  '8 Bến Nghé, phường Phú Hội',
  'Thôn 1, xã An Thủy',
];

export const wardCase = (i: number) => ({ caseCode: `HS-${i + 1}`, name: `Người thứ ${i + 1}`, address: WARD_ADDRESSES[i] });

/** The ward or commune an address names, read here by its own words: what a postman would go by. */
export const wardOf = (address: string) => /(phường|xã|thị trấn) [^,;]+/i.exec(address)?.[0].trim().toLowerCase() ?? '';

/** Writes the register as a CSV a planner would import, and returns its path. */
export function writeWardRegister(dir: string): string {
  const file = path.join(dir, 'so-ho-so.csv');
  const lines = WARD_ADDRESSES.map((a, i) => {
    const c = wardCase(i);
    return `${c.caseCode},Khai sinh,${WARD_OFFICE.name},0${(i % 9) + 1}/03/2025,${c.name},09051234${String(i).padStart(2, '0')},"${a}"`;
  });
  fs.writeFileSync(file, ['Mã hồ sơ,Tên thủ tục,Cơ quan/Đơn vị,Ngày trả kết quả,Họ và tên,Số điện thoại,Địa chỉ', ...lines].join('\r\n'));
  return file;
}
