import { describe, expect, it } from 'vitest';
import { parseDate, parseRegisterRow, recogniseColumns } from '../../src/sampling/registerRow.js';

const headers = ['STT', 'Mã hồ sơ', 'Tên thủ tục', 'Cơ quan/Đơn vị', 'Ngày tiếp nhận', 'Ngày trả kết quả', 'Họ và tên', 'Số điện thoại', 'Địa chỉ', 'Loại'];
const { columns } = recogniseColumns(headers);
const row = (overrides: Record<number, string>) => Object.assign(['1', 'HS001', 'Đăng ký khai sinh', 'UBND phường Phú Hội', '02/01/2025', '05/01/2025', 'Trần Thị Bình', '0905123456', 'Huế', 'Cá nhân'], overrides);

describe('a register row', () => {
  it('is read by its Vietnamese headers, whatever their accents or case', () => {
    expect(recogniseColumns(['MÃ HỒ SƠ', 'co quan / don vi', 'SĐT']).columns).toEqual({ caseCode: 0, officeName: 1, phone: 2 });
    expect(parseRegisterRow(row({}), columns, 2).value).toEqual({
      caseCode: 'HS001', officeName: 'UBND phường Phú Hội', procedure: 'Đăng ký khai sinh', receivedOn: '2025-01-02', returnedOn: '2025-01-05',
      name: 'Trần Thị Bình', phone: '0905123456', address: 'Huế', kind: 'individual',
    });
  });

  it('uses an explicit mapping for other headers', () => {
    expect(recogniseColumns(['Số biên nhận', 'Nơi giải quyết'], { caseCode: 'Số biên nhận', officeName: 'Nơi giải quyết' })).toEqual({ columns: { caseCode: 0, officeName: 1 }, missing: [] });
  });

  it('rejects a register row with no case code, naming row and column', () => {
    expect(parseRegisterRow(row({ 1: ' ' }), columns, 7).errors).toEqual([{ row: 7, column: 'Mã hồ sơ', reason: 'thiếu mã hồ sơ' }]);
  });

  it('rejects an unreadable date and a phone number that is not Vietnamese', () => {
    const { errors } = parseRegisterRow(row({ 5: '31/02/2025', 7: '12345' }), columns, 9);
    expect(errors.map((e) => [e.row, e.column])).toEqual([[9, 'Số điện thoại'], [9, 'Ngày trả kết quả']]);
  });

  it('reads dates as dd/mm/yyyy, ISO or Excel serial numbers', () => {
    expect([parseDate('5/1/2025'), parseDate('2025-01-05'), parseDate(45662), parseDate('45662'), parseDate('01/13/2025'), parseDate('hôm qua')]).toEqual(['2025-01-05', '2025-01-05', '2025-01-05', '2025-01-05', null, null]);
  });
});
