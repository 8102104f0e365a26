import { describe, expect, it } from 'vitest';
import { parseDate, parseRegisterRow, recogniseColumns } from '../../src/sampling/registerRow.js';

const headers = ['STT', 'Mã hồ sơ', 'Tên thủ tục', 'Cơ quan/Đơn vị', 'Ngày tiếp nhận', 'Ngày trả kết quả', 'Họ và tên', 'Số điện thoại', 'Địa chỉ', 'Loại'];
const { columns } = recogniseColumns(headers);
const row = (overrides: Record<number, string>) => Object.assign(['1', 'HS001', 'Đăng ký khai sinh', 'UBND phường Phú Hội', '02/01/2025', '05/01/2025', 'Trần Thị Bình', '0905123456', 'Huế', 'Cá nhân'], overrides);

describe('a register row', () => {
  it('is read by its Vietnamese headers, whatever their accents or case', () => {
    expect(recogniseColumns(['MÃ HỒ SƠ', 'co quan / don vi', 'SĐT']).columns).toEqual({ caseCode: 0, officeName: 1, phone: 2 });
    expect(parseRegisterRow(row({}), columns, 2).value).toEqual({
      caseCode: 'HS001', officeName: 'UBND phường Phú Hội', procedure: 'Đăng ký khai sinh', field: null, receivedOn: '2025-01-02', returnedOn: '2025-01-05',
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

  it('rejects a row with fewer cells than the header (or more filled ones), naming the first column it lacks', () => {
    expect(parseRegisterRow(['1', 'HS001', 'Đăng ký khai sinh', 'UBND phường Phú Hội'], columns, 4, headers).errors).toEqual([
      { row: 4, column: 'Ngày tiếp nhận', reason: 'dòng chỉ có 4 trên 10 cột của dòng tiêu đề (thiếu từ cột "Ngày tiếp nhận")' },
    ]);
    expect(parseRegisterRow([...row({}), 'phường Phú Hội'], columns, 5, headers).errors).toEqual([
      { row: 5, column: 'cột 11', reason: 'dòng có 11 cột, nhiều hơn 10 cột của dòng tiêu đề (dấu phẩy hay chấm phẩy trong một ô không có ngoặc kép?)' },
    ]);
    expect(parseRegisterRow([...row({}), '', ''], columns, 6, headers).errors).toEqual([]);
  });

  it('rejects a date before 2000 or after today, and a result returned before the case was received', () => {
    expect(parseRegisterRow(row({ 4: '01/01/1900' }), columns, 3).errors).toEqual([{ row: 3, column: 'Ngày tiếp nhận', reason: 'ngày 01/01/1900 trước năm 2000: không phải ngày của hồ sơ' }]);
    expect(parseRegisterRow(Object.assign(row({}), { 5: new Date(Date.UTC(1900, 0, 1)) }), columns, 4).errors).toEqual([
      { row: 4, column: 'Ngày trả kết quả', reason: 'ngày 01/01/1900 trước năm 2000: không phải ngày của hồ sơ' },
    ]);
    expect(parseRegisterRow(row({ 5: '05/01/2999' }), columns, 5).errors).toEqual([{ row: 5, column: 'Ngày trả kết quả', reason: 'ngày 05/01/2999 chưa đến' }]);
    expect(parseRegisterRow(row({ 4: '05/01/2025', 5: '03/01/2025' }), columns, 6).errors).toEqual([
      { row: 6, column: 'Ngày trả kết quả', reason: 'ngày trả kết quả 03/01/2025 trước ngày tiếp nhận 05/01/2025' },
    ]);
  });

  it('reads dates as dd/mm/yyyy, ISO or Excel serial numbers', () => {
    expect([parseDate('5/1/2025'), parseDate('2025-01-05'), parseDate(45662), parseDate('45662'), parseDate('01/13/2025'), parseDate('hôm qua')]).toEqual(['2025-01-05', '2025-01-05', '2025-01-05', '2025-01-05', null, null]);
  });
});
