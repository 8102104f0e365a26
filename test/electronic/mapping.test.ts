import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPhieuError, PhieuError } from '../../src/errors/errorTable.js';
import { parseMapping } from '../../src/electronic/mapping.js';
import { recordMapper } from '../../src/electronic/mapRecord.js';
import { loadSurveyDefinitions } from '../../src/io/surveyFiles.js';

const surveys = loadSurveyDefinitions();
const hueS = fs.readFileSync(new URL('../../mappings/hue-s.json', import.meta.url), 'utf8');
const record = (row: number, cells: Record<string, string | null>) => ({ row, get: (c: string) => cells[c] ?? null });

describe('mapping files', () => {
  it('accepts the shipped Hue-S and kiosk mappings', () => {
    expect(parseMapping(hueS, 'hue-s.json', surveys).survey.id).toBe('sipas');
    const kiosk = fs.readFileSync(new URL('../../mappings/kiosk.json', import.meta.url), 'utf8');
    expect(parseMapping(kiosk, 'kiosk.json', surveys).mapping.records).toBe('data.items');
  });

  it('names the file and the path of every mistake', () => {
    const broken = JSON.parse(hueS);
    broken.answers[0].question = 'a9';
    broken.answers[1].values = { 'Tuyệt vời': '6' };
    broken.answers[2].values = 'khong-co';
    broken.answers[3].question = 'a1';
    const error = (() => {
      try {
        parseMapping(JSON.stringify(broken), 'x.json', surveys);
      } catch (e) {
        return e as PhieuError<'mappingDefinition'>;
      }
    })();
    expect(isPhieuError(error, 'mappingDefinition')).toBe(true);
    expect(error!.params.problems).toEqual([
      'answers[0].question: phiếu "sipas" không có câu "a9"',
      'answers[1].values["Tuyệt vời"]: câu "a2" không có phương án "6" (có: 1, 2, 3, 4, 5)',
      'answers[2].values: không có bộ giá trị "khong-co" trong valueSets',
    ]);
    expect(() => parseMapping(JSON.stringify({ ...JSON.parse(hueS), survey: 'nope' }), 'y.json', surveys)).toThrow(/y\.json có lỗi: survey: không có phiếu "nope"/);
    expect(() => parseMapping(JSON.stringify({ ...JSON.parse(hueS), fields: {} }), 'z.json', surveys)).toThrow(/z\.json có lỗi: các cột › thời điểm gửi \(fields\.submittedAt/);
    expect(() => parseMapping('{', 'w.json', surveys)).toThrow(/w\.json có lỗi: không phải JSON hợp lệ/);
  });

  it('refuses a question mapped twice', () => {
    const twice = JSON.parse(hueS);
    twice.answers[3].question = 'a1';
    expect(() => parseMapping(JSON.stringify(twice), 't.json', surveys)).toThrow('answers[3].question: câu "a1" được ánh xạ hai lần');
  });

  it('maps a record: values through the value set, codes and labels, phones normalised, unknown values kept as invalid', () => {
    const { mapping, survey } = parseMapping(hueS, 'hue-s.json', surveys);
    const map = recordMapper(mapping, survey);
    const { response, issues } = map(
      record(7, {
        'Mã đánh giá': 'R1',
        'Thời gian đánh giá': '05/03/2024 08:15',
        'Mã hồ sơ': ' H57-1 ',
        'Đơn vị': 'UBND phường Phú Hội',
        'Số điện thoại': '+84 905 123 456',
        'Tài khoản đánh giá': 'nguyenvana',
        'A1. Biển hiệu, hướng dẫn tại trụ sở': 'CHƯA HÀI LÒNG',
        'A2. Nơi ngồi chờ, bàn viết': '4',
        'A3. Trang thiết bị phục vụ': 'rất hài lòng',
        'B1. Niêm yết công khai thủ tục': 'Tuyệt vời',
        'Ý kiến khác': 'Tốt',
      }),
    );
    expect(issues).toEqual([{ row: 7, column: 'B1. Niêm yết công khai thủ tục', reason: 'giá trị "Tuyệt vời" không có trong câu "b1"; tính là câu trả lời không hợp lệ', severity: 'warning' }]);
    expect(response).toMatchObject({
      source: 'hue-s',
      externalId: 'R1',
      officeCode: 'ubnd-phuong-phu-hoi',
      officeName: 'UBND phường Phú Hội',
      caseCode: 'H57-1',
      phone: '0905123456',
      account: 'nguyenvana',
      submittedAt: '2024-03-05T08:15:00',
    });
    expect(response!.answers).toMatchObject({ a1: ['2'], a2: ['4'], a3: ['5'], b1: ['Tuyệt vời'], b2: [], comment: 'Tốt' });
  });

  it('refuses a row without a time, or without a case code where the source always has one', () => {
    const { mapping, survey } = parseMapping(hueS, 'hue-s.json', surveys);
    const { response, issues } = recordMapper(mapping, survey)(record(3, { 'Mã đánh giá': 'R2', 'Thời gian đánh giá': '' }));
    expect(response).toBeUndefined();
    expect(issues.map((i) => [i.column, i.reason, i.severity])).toEqual([
      ['Thời gian đánh giá', 'thiếu thời gian gửi', 'error'],
      ['Mã hồ sơ', 'thiếu mã hồ sơ', 'error'],
    ]);
  });

  it('names a response with no id by a digest of its content, the same each time', () => {
    const { mapping, survey } = parseMapping(hueS, 'hue-s.json', surveys);
    const noId = { ...mapping, fields: { ...mapping.fields, responseId: undefined } };
    const cells = { 'Thời gian đánh giá': '05/03/2024 08:15', 'Mã hồ sơ': 'H57-1', 'A1. Biển hiệu, hướng dẫn tại trụ sở': 'Hài lòng' };
    const first = recordMapper(noId, survey)(record(5, cells)).response!;
    expect(first.externalId).toMatch(/^h:[0-9a-f]{24}$/);
    expect(recordMapper(noId, survey)(record(9, cells)).response!.externalId).toBe(first.externalId);
    expect(recordMapper(noId, survey)(record(9, { ...cells, 'Mã hồ sơ': 'H57-2' })).response!.externalId).not.toBe(first.externalId);
  });
});
