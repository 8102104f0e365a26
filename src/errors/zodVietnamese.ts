import { z } from 'zod';

/**
 * zod's refusals said in Vietnamese: a field is named in words a person knows ("phần 1 › câu hỏi 4 › phương án")
 * with its place in the file for whoever edits it (`sections[0].questions[3].options`), and the reason in plain
 * Vietnamese. A schema's own message, where it has one, comes first (zod's rule).
 */

/** Fields of survey definitions, mapping files, settings and request bodies, as a person calls them. */
export const FIELD_NAMES: Record<string, string> = {
  // survey definitions
  sections: 'phần',
  questions: 'câu hỏi',
  options: 'phương án',
  code: 'mã',
  label: 'nhãn',
  id: 'mã',
  text: 'nội dung',
  kind: 'loại câu hỏi',
  length: 'số chữ số',
  lines: 'số dòng',
  heading: 'tiêu đề phần',
  note: 'ghi chú',
  name: 'tên',
  title: 'tiêu đề',
  subtitle: 'tiêu đề phụ',
  instructions: 'hướng dẫn',
  respondent: 'thông tin in sẵn',
  signature: 'chữ ký',
  dateLine: 'dòng ngày',
  signer: 'người ký',
  closing: 'lời kết',
  format: 'dạng',
  list: 'danh sách đối chiếu',
  transcribe: 'cách chép',
  element: 'yếu tố',
  criterion: 'tiêu chí',
  // mapping files
  survey: 'mẫu phiếu',
  records: 'danh sách bản ghi',
  fields: 'các cột',
  answers: 'câu trả lời',
  question: 'câu hỏi',
  values: 'giá trị',
  valueSets: 'bộ giá trị',
  office: 'cơ quan',
  fixed: 'cơ quan cố định',
  requireCaseCode: 'bắt buộc mã hồ sơ',
  submittedAt: 'thời điểm gửi',
  // settings
  maxFormsPerPerson: 'số phiếu tối đa mỗi người',
  excludeStaff: 'bỏ phiếu của cán bộ',
  oneAnswerPerCase: 'một câu trả lời mỗi hồ sơ',
  casePreference: 'phiếu được tính của hồ sơ',
  excludeDeniedOnRecheck: 'bỏ phiếu bị phủ nhận khi phúc tra',
  excludePending: 'bỏ phiếu chưa duyệt xong',
  satisfiedCodes: 'mã hài lòng',
  dissatisfiedCodes: 'mã không hài lòng',
  intervalZ: 'hệ số khoảng tin cậy',
  everyHours: 'số giờ giữa hai lần sao lưu',
  keep: 'số bản sao lưu giữ lại',
  // request bodies
  caseCode: 'mã hồ sơ',
  officeCode: 'mã cơ quan',
  surveyId: 'mẫu phiếu',
  username: 'tên đăng nhập',
  password: 'mật khẩu',
  currentPassword: 'mật khẩu hiện tại',
  newPassword: 'mật khẩu mới',
  role: 'vai trò',
  active: 'còn hoạt động',
  value: 'giá trị',
  seed: 'hạt giống',
  reserveShare: 'tỷ lệ dự phòng',
  periodFrom: 'từ ngày',
  periodTo: 'đến ngày',
  target: 'số phiếu hoặc mã hồ sơ',
  status: 'trạng thái',
  share: 'tỷ lệ',
  outcome: 'kết quả',
  serial: 'số phiếu',
  pageNumber: 'số trang',
  quarterTurns: 'số lần xoay',
  confirm: 'xác nhận',
  closed: 'đã kết thúc',
  queue: 'hàng đợi',
  reviewQueue: 'hàng đợi duyệt',
  itemId: 'mục duyệt',
};

/** A path as people read it: `phần 1 › câu hỏi 4 › phương án`; list positions count from 1. */
export function fieldPlace(path: readonly PropertyKey[]): string {
  const words: string[] = [];
  for (const part of path) {
    if (typeof part === 'number') words[words.length - 1] = `${words.at(-1) ?? 'mục'} ${part + 1}`;
    else words.push(FIELD_NAMES[String(part)] ?? `"${String(part)}"`);
  }
  return words.join(' › ');
}

/** A path as it is written in the JSON file: `sections[1].questions[3].options`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

const TYPE_NAMES: Record<string, string> = {
  string: 'chữ',
  number: 'một số',
  int: 'một số nguyên',
  boolean: 'đúng hoặc sai (true/false)',
  array: 'một danh sách',
  object: 'một nhóm trường',
  record: 'một nhóm trường',
  date: 'một ngày',
  null: 'null',
};
const typeName = (type: string) => TYPE_NAMES[type] ?? type;
const shown = (value: unknown) => JSON.stringify(value);

const vietnameseLocale = z.locales.vi().localeError;

/** The error map: plain Vietnamese for what schemas commonly refuse, zod's Vietnamese locale for the rest. */
export const vietnameseIssues: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `thiếu (cần ${typeName(issue.expected)})` : `cần ${typeName(issue.expected)}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'không được để trống' : `cần ít nhất ${min} ký tự`;
      if (issue.origin === 'array' || issue.origin === 'set') return `cần ít nhất ${min} mục`;
      return issue.inclusive ? `cần từ ${min} trở lên` : `cần lớn hơn ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `nhiều nhất ${max} ký tự`;
      if (issue.origin === 'array' || issue.origin === 'set') return `nhiều nhất ${max} mục`;
      return issue.inclusive ? `cần từ ${max} trở xuống` : `cần nhỏ hơn ${max}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `cần đúng ${shown(issue.values[0])}` : `cần một trong ${issue.values.map(shown).join(', ')}`;
    case 'unrecognized_keys':
      return `có trường không dùng được: ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_union':
      return 'không khớp dạng nào được chấp nhận';
    case 'invalid_format':
      return issue.format === 'regex' ? 'không đúng dạng' : `không đúng dạng (${issue.format})`;
    default:
      return vietnameseLocale(issue);
  }
};

/** Each refusal of a parse, naming where: `phần 1 › câu hỏi 1 › phương án (sections[0].questions[0].options): …`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => (issue.path.length ? `${fieldPlace(issue.path)} (${jsonPath(issue.path)}): ${issue.message}` : issue.message));
}

/** Why JSON.parse refused a text, in Vietnamese: its own message is English; the place it stopped is what helps. */
export function jsonSyntaxProblem(error: unknown): string {
  const position = /position (\d+)/.exec((error as Error).message)?.[1];
  return position === undefined ? 'không phải JSON hợp lệ (tệp kết thúc giữa chừng)' : `không phải JSON hợp lệ (sai ở ký tự thứ ${Number(position) + 1})`;
}

/**
 * A definition file's JSON (a survey, a mapping) checked against its schema: the value, or every problem in Vietnamese
 * — a syntax error where the text stops being JSON, else each field the schema refuses. Text already parsed is checked
 * as it is.
 */
export function checkDefinition<S extends z.ZodType>(input: string | unknown, schema: S): { ok: true; value: z.output<S> } | { ok: false; problems: string[] } {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { ok: false, problems: [jsonSyntaxProblem(error)] };
    }
  }
  const parsed = schema.safeParse(value, { error: vietnameseIssues });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: describeIssues(parsed.error) };
}
