import type { BoxOption, FieldLayout } from '../layout/types.js';
import type { MarkKind } from './marks.js';
import { checkVietnamesePhone } from '../phone/vietnamesePhone.js';

/** What a respondent did with one box question, and how a correct reader must treat it. */
export interface ChoiceTruth {
  questionId: string;
  marks: { code: string; kind: MarkKind }[];
  /**
   * The chosen codes a reader may give without asking anyone, the likeliest first. Empty when only a person may
   * decide (two answers to a one-answer question); two entries when the scan may or may not have kept a light mark.
   */
  silentReads: string[][];
  /** Ambiguous on paper (pencil, a dot, two answers): sending it to a person is no fault of the reader. */
  reviewAllowed: boolean;
}

/** What became of a light pencil mark in the file: greyscale keeps it; bilevel loses it under a dark threshold. */
export type PencilOnScan = 'kept' | 'maybe' | 'lost';

/** The ways of answering a box question, as shares that add up to 1. */
export interface Habits {
  x: number;
  tick: number;
  none: number;
  /** A box filled in to cancel it, and a cross in another. */
  cancelThenMark: number;
  /** A cross, and a stroke from it that ends on a neighbour's border. */
  borderStroke: number;
  twoAnswers: number;
  pencil: number;
  dot: number;
  /** Leaning of a satisfaction scale towards its upper end: 1 is even, 0.5 leans as SIPAS results do. */
  scaleLean: number;
}

/** Every doubtful habit far more often than people have it: for measuring the reader. */
export const STRESS_HABITS: Habits = { x: 0.4, tick: 0.25, none: 0.1, cancelThenMark: 0.07, borderStroke: 0.05, twoAnswers: 0.04, pencil: 0.05, dot: 0.04, scaleLean: 1 };

/** Respondents as a district sees them: mostly clean crosses, a few doubtful marks. */
export const EVERYDAY_HABITS: Habits = { x: 0.55, tick: 0.22, none: 0.05, cancelThenMark: 0.03, borderStroke: 0.02, twoAnswers: 0.05, pencil: 0.06, dot: 0.02, scaleLean: 0.5 };

type ChoiceField = Extract<FieldLayout, { options: BoxOption[] }>;

export function answerChoice(field: ChoiceField, habits: Habits, pencil: PencilOnScan, random: () => number): ChoiceTruth {
  const codes = field.options.map((o) => o.code);
  const lean = field.kind === 'scale' ? habits.scaleLean : 1;
  const answer = codes[Math.min(codes.length - 1, Math.floor(Math.pow(random(), lean) * codes.length))];
  const other = codes.filter((c) => c !== answer)[Math.floor(random() * (codes.length - 1))];
  const questionId = field.questionId;
  const firm = (marks: ChoiceTruth['marks'], chosen: string[]): ChoiceTruth => ({ questionId, marks, silentReads: [chosen], reviewAllowed: false });
  let roll = random();
  const next = (share: number) => (roll -= share) < 0;
  if (next(habits.x)) return firm([{ code: answer, kind: 'x' }], [answer]);
  if (next(habits.tick)) return firm([{ code: answer, kind: 'tick' }], [answer]);
  if (next(habits.none)) return firm([], []);
  if (next(habits.cancelThenMark)) return firm([{ code: other, kind: 'filled' }, { code: answer, kind: 'x' }], [answer]);
  if (next(habits.borderStroke)) return firm([{ code: other, kind: 'borderStroke' }, { code: answer, kind: 'x' }], [answer]);
  if (next(habits.twoAnswers)) {
    const marks: ChoiceTruth['marks'] = [{ code: answer, kind: 'x' }, { code: other, kind: 'x' }];
    // Two answers are an answer where the question allows several.
    if (field.kind === 'multiple') return firm(marks, [answer, other]);
    return { questionId, marks, silentReads: [], reviewAllowed: true };
  }
  if (next(habits.pencil)) return { questionId, marks: [{ code: answer, kind: 'pencil' }], silentReads: pencilSilentReads(answer, pencil), reviewAllowed: true };
  return { questionId, marks: [{ code: answer, kind: 'dot' }], silentReads: [[]], reviewAllowed: true };
}

/** No reader can see a pencil mark the scanner's threshold dropped; one it kept in part may or may not be seen. */
export function pencilSilentReads(code: string, pencil: PencilOnScan): string[][] {
  return { kept: [[code]], maybe: [[code], []], lost: [[]] }[pencil];
}

/**
 * The digits a respondent writes into a comb: a mobile number, a date in dd mm yyyy (in 2025, or a day of `dates`, ISO
 * dates inclusive, when given), or plain digits.
 */
export function digitsFor(field: Extract<FieldLayout, { cells: unknown }>, random: () => number, dates?: { from: string; to: string }): string {
  const digit = () => String(Math.floor(random() * 10));
  if (field.kind === 'date' && dates) {
    const from = Date.parse(`${dates.from}T00:00:00Z`);
    const days = Math.round((Date.parse(`${dates.to}T00:00:00Z`) - from) / 86_400_000);
    const [year, month, day] = new Date(from + Math.floor(random() * (days + 1)) * 86_400_000).toISOString().slice(0, 10).split('-');
    return `${day}${month}${year}`.slice(0, field.cells.length);
  }
  if (field.kind === 'date') {
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    return `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}2025`.slice(0, field.cells.length);
  }
  if (field.format === 'phone') return mobileNumber(random).slice(0, field.cells.length);
  return Array.from({ length: field.cells.length }, digit).join('');
}

/**
 * A mobile number someone could have: an allocated one, since a made-up prefix (050, 072…) is not a phone anyone has,
 * and would send the field to a person for a reason the public does not give.
 */
export function mobileNumber(random: () => number): string {
  let number = '';
  for (let attempt = 0; attempt < 100; attempt++) {
    number = `0${'35789'[Math.floor(random() * 5)]}${Array.from({ length: 8 }, () => String(Math.floor(random() * 10))).join('')}`;
    if (checkVietnamesePhone(number).ok) break;
  }
  return number;
}

/** What a text zone asks for: a procedure or a name from a list, a name, an address, or a free comment. */
export function textKind(field: Extract<FieldLayout, { kind: 'text' }>): 'procedure' | 'name' | 'address' | 'comment' {
  if (field.list === 'procedures') return 'procedure';
  if (field.list === 'staff' || field.questionId === 'name') return 'name';
  if (field.questionId === 'address') return 'address';
  return 'comment';
}

/** Lines a respondent writes into a text zone, in Vietnamese: a procedure, a name, an address, or comments. */
export function textFor(field: Extract<FieldLayout, { kind: 'text' }>, random: () => number): string[] {
  const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)];
  const kind = textKind(field);
  if (kind === 'procedure') return [pick(PROCEDURES)];
  if (kind === 'name') return [pick(NAMES)];
  if (kind === 'address') return [pick(ADDRESSES)];
  const lines = 1 + Math.floor(random() * field.lines);
  return Array.from({ length: lines }, () => pick(COMMENTS));
}

const PROCEDURES = ['Đăng ký khai sinh', 'Chứng thực bản sao từ bản chính', 'Đăng ký kết hôn', 'Cấp giấy phép xây dựng', 'Đăng ký thường trú', 'Cấp phiếu lý lịch tư pháp'];
const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Cường', 'Phạm Thị Dung', 'Hoàng Minh Đức', 'Võ Thị Hoa', 'Đặng Quốc Huy', 'Bùi Thị Lan'];
const COMMENTS = [
  'Cán bộ nhiệt tình, chu đáo',
  'Nên có thêm ghế ngồi chờ',
  'Thời gian chờ hơi lâu',
  'Rất hài lòng',
  'Cần niêm yết phí rõ hơn',
  'Hướng dẫn thủ tục dễ hiểu',
  'Nơi gửi xe chật, trời mưa bất tiện',
];
const ADDRESSES = ['12 Lê Lợi, phường Phú Hội', '45 Trần Hưng Đạo, phường Thuận Hóa', '7 Điện Biên Phủ, phường Vỹ Dạ', 'thôn Phú Lương, xã Hương Phong'];
