import { surveyDefinitionSchema } from '../../src/survey/schema.js';
import type { ResultsInput } from '../../src/results/buildReport.js';
import type { ResponseAnswer, ResponseRecord } from '../../src/results/types.js';

/**
 * The hand-computed fixture: 30 returned forms of a small survey (element A: criteria A1, A2; element B: criterion
 * B1; an overall question with no element) across paper, Hue-S and a kiosk, in three offices and one unknown. Every
 * figure the tests expect was worked out by hand from this table; the comments on each row say what must happen.
 */
export const miniSurvey = surveyDefinitionSchema.parse({
  id: 'mini',
  name: 'Khảo sát thu gọn',
  title: 'PHIẾU KHẢO SÁT THU GỌN',
  instructions: 'Đánh dấu X vào một ô.',
  sections: [
    { heading: 'A. Tiếp cận', questions: [
      { id: 'a1', kind: 'scale', element: 'A', criterion: 'A1', text: 'Biển hiệu, hướng dẫn rõ ràng' },
      { id: 'a2', kind: 'scale', element: 'A', criterion: 'A2', text: 'Đủ chỗ ngồi chờ' },
    ] },
    { heading: 'B. Thủ tục', questions: [{ id: 'b1', kind: 'scale', element: 'B', criterion: 'B1', text: 'Thủ tục được niêm yết công khai đầy đủ' }] },
    { heading: 'Đánh giá chung', questions: [
      { id: 'ov', kind: 'scale', text: 'Mức độ hài lòng chung' },
      { id: 'note', kind: 'text', lines: 2, text: 'Góp ý khác' },
      { id: 'phone', kind: 'digits', length: 10, format: 'phone', text: 'Số điện thoại' },
    ] },
  ],
});

type Cell = string | null | 'X';
/** `X` is an invalid answer: two boxes on paper, an unknown value electronically. */
const answers = (a1: Cell, a2: Cell, b1: Cell, ov: Cell): Record<string, ResponseAnswer> => {
  const one = (c: Cell): ResponseAnswer => (c === null ? [] : c === 'X' ? ['4', '5'] : [c]);
  return { a1: one(a1), a2: one(a2), b1: one(b1), ov: one(ov), note: 'Tên tôi là Lan, gọi 0912345678', phone: '0912345678' };
};

const paper = (serial: number, r: Partial<ResponseRecord>): ResponseRecord => ({
  key: `paper:${serial}`, channel: 'paper', source: 'paper', surveyId: 'mini', officeCode: null, caseCode: null, phones: [], idNumber: null, name: null, address: null,
  ownPhone: null, account: null, device: null, answeredOn: '2024-01-01', answers: answers(null, null, null, null), pending: null, recheck: null, ...r,
});
const electronic = (source: 'hue-s' | 'kiosk', id: string, r: Partial<ResponseRecord>): ResponseRecord => ({
  ...paper(0, r), key: `${source}:${id}`, channel: 'electronic', source,
});

const P1 = '0911111111';
const P3 = '0933333333';

export const fixtureResponses: ResponseRecord[] = [
  // Person P1: five forms in 2024 (the first three count), one in 2025 (a new year: counts).
  paper(1, { officeCode: 'so-tp', caseCode: 'C01', phones: [P1], answeredOn: '2024-01-05', answers: answers('5', '4', '3', '4') }), // #1 counted
  paper(2, { officeCode: 'so-tp', caseCode: 'C02', phones: [P1], answeredOn: '2024-01-10', answers: answers('4', '4', '2', '4') }), // #2 counted
  electronic('hue-s', 'R1', { officeCode: 'so-tp', caseCode: 'C03', phones: [P1], answeredOn: '2024-02-01T09:00:00', answers: answers('5', '5', '5', '5') }), // #3 counted
  electronic('hue-s', 'R2', { officeCode: 'so-tp', caseCode: 'C04', phones: [P1], answeredOn: '2024-02-03T10:00:00', answers: answers('1', '1', '1', '1') }), // #4 overPersonLimit
  paper(3, { officeCode: 'so-tp', caseCode: 'C05', phones: [P1], answeredOn: '2024-03-01', answers: answers('1', '1', '1', '1') }), // #5 overPersonLimit
  paper(4, { officeCode: 'so-tp', caseCode: 'C06', phones: [P1], answeredOn: '2025-01-02', answers: answers('4', null, '4', '4') }), // #6 counted (2025)
  // Person P3 is known by phone on R3 and paper, by ID number on R3 and R4: one person, four forms.
  electronic('hue-s', 'R3', { officeCode: 'h-pv', caseCode: 'C07', phones: [P3], idNumber: '046090000001', answeredOn: '2024-01-15T08:00:00', answers: answers('3', '3', '3', '3') }), // #7 counted
  electronic('hue-s', 'R4', { officeCode: 'h-pv', caseCode: 'C08', idNumber: '046090000001', answeredOn: '2024-01-16T08:00:00', answers: answers('4', '4', '4', '4') }), // #8 counted
  paper(5, { officeCode: 'h-pv', caseCode: 'C09', phones: [P3], answeredOn: '2024-01-20', answers: answers('5', '5', '4', '5') }), // #9 counted
  paper(6, { officeCode: 'h-pv', caseCode: 'C10', phones: [P3], answeredOn: '2024-01-25', answers: answers('1', '1', '1', '1') }), // #10 overPersonLimit
  // The same case on paper and electronically counts once: the earlier answer.
  paper(7, { officeCode: 'x-ph', caseCode: 'C11', phones: ['0944444444'], answeredOn: '2024-03-10', answers: answers('4', '5', '4', '4') }), // #11 counted
  electronic('kiosk', 'K1', { officeCode: 'x-ph', caseCode: 'C11', answeredOn: '2024-03-12T14:00:00', answers: answers('2', '2', '2', '2') }), // #12 caseAlreadyCounted (paper:7)
  electronic('hue-s', 'R5', { officeCode: 'x-ph', caseCode: 'C12', phones: ['0955555555'], answeredOn: '2024-03-05T07:30:00', answers: answers('5', '4', '5', '5') }), // #13 counted
  paper(8, { officeCode: 'x-ph', caseCode: 'C12', phones: ['0955555555'], answeredOn: '2024-03-06', answers: answers('1', '1', '1', '1') }), // #14 caseAlreadyCounted (hue-s:R5)
  // Filled in by officials.
  electronic('hue-s', 'R6', { officeCode: 'x-ph', caseCode: 'C13', phones: ['0966666666'], account: 'CB.Lan', answeredOn: '2024-03-15T09:00:00', answers: answers('5', '5', '5', '5') }), // #15 staffAccount
  electronic('kiosk', 'K2', { officeCode: 'x-ph', caseCode: 'C14', device: 'tablet-07', answeredOn: '2024-03-16T09:00:00', answers: answers('5', '5', '5', '5') }), // #16 staffDevice
  paper(9, { officeCode: 'x-ph', phones: ['0905000111'], ownPhone: '0905000111', answeredOn: '2024-03-20', answers: answers('5', '5', '5', '5') }), // #17 staffPhone
  electronic('hue-s', 'R7', { officeCode: 'h-pv', caseCode: 'C15', phones: ['0905000111'], ownPhone: '0905000111', answeredOn: '2024-01-30T15:00:00', answers: answers('5', '5', '5', '5') }), // #18 staffPhone
  // Re-checks: a denied paper form does not use up its case, which a later Hue-S answer then counts for.
  paper(10, { officeCode: 'h-pv', caseCode: 'C16', phones: ['0977777777'], recheck: 'denied', answeredOn: '2024-02-05', answers: answers('5', '5', '5', '5') }), // #19 deniedOnRecheck
  paper(11, { officeCode: 'h-pv', caseCode: 'C17', phones: ['0977777777'], recheck: 'confirmed', answeredOn: '2024-02-10', answers: answers('4', '3', '5', '4') }), // #20 counted
  electronic('hue-s', 'R8', { officeCode: 'h-pv', caseCode: 'C16', phones: ['0977777777'], answeredOn: '2024-02-20T10:00:00', answers: answers('3', '2', '4', '3') }), // #21 counted
  // Pending paper forms: not counted, and they do not take the case (C03 is R1's).
  paper(12, { officeCode: 'x-ph', caseCode: 'C18', pending: 'review', answeredOn: '2024-04-05', answers: answers('5', '5', '5', '5') }), // #22 pendingReview
  paper(13, { officeCode: 'so-tp', caseCode: 'C19', pending: 'pages', answeredOn: '2024-04-06', answers: answers('5', '5', '5', '5') }), // #23 pendingPages
  paper(14, { officeCode: 'so-tp', caseCode: 'C03', pending: 'review', answeredOn: '2024-04-07', answers: answers('5', '5', '5', '5') }), // #24 pendingReview
  // Blank and invalid answers; no phone at all; an unknown office.
  paper(15, { officeCode: 'x-ph', caseCode: 'C20', answeredOn: '2024-04-02', answers: answers(null, 'X', '1', null) }), // #25 counted
  electronic('hue-s', 'R9', { officeCode: 'so-tp', caseCode: 'C21', phones: ['0988888888'], answeredOn: '2024-04-15T09:00:00', answers: { ...answers('X', '2', '2', '2'), a1: ['9'] } }), // #26 counted
  electronic('kiosk', 'K3', { officeCode: 'so-tp', caseCode: 'C22', answeredOn: '2024-04-20T10:00:00', answers: answers('4', '5', null, '5') }), // #27 counted
  paper(16, { answeredOn: '2024-05-01', answers: answers('3', '4', '5', '3') }), // #28 counted (no office)
  paper(17, { officeCode: 'x-ph', caseCode: 'C23', phones: ['0999999999'], recheck: 'noAnswer', answeredOn: '2024-05-10', answers: answers('5', '5', '5', '5') }), // #29 counted
  electronic('hue-s', 'R10', { officeCode: 'so-tp', caseCode: 'C24', phones: ['0999999999'], answeredOn: '2024-05-11T08:00:00', answers: answers('2', '1', '3', '2') }), // #30 counted
];

export const fixtureInput: ResultsInput = {
  survey: miniSurvey,
  responses: fixtureResponses,
  staff: { phones: new Set(['0905000111']), accounts: new Set(['cb.lan']), devices: new Set(['tablet-07']) },
  offices: [
    { code: 'so-tp', name: 'Sở Tư pháp', level: 'sở/ngành' },
    { code: 'h-pv', name: 'UBND huyện Phú Vang', level: 'huyện' },
    { code: 'x-ph', name: 'UBND phường Phú Hội', level: 'xã' },
  ],
  cases: [
    { officeCode: 'so-tp', returnedOn: '2024-03-01', count: 150 },
    { officeCode: 'h-pv', returnedOn: '2024-06-01', count: 40 },
    { officeCode: 'x-ph', returnedOn: '2024-02-01', count: 2 },
    { officeCode: 'x-ph', returnedOn: '2025-01-10', count: 1 },
  ],
  sourceNames: { 'hue-s': 'Ứng dụng Hue-S', kiosk: 'Ki-ốt tại bộ phận một cửa' },
};
