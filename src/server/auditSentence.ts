import { FIELD_STATE_LABELS, type FieldState } from '../sampling/fieldStatus.js';
import { FIELD_LABELS } from '../sampling/registerRow.js';
import { PAGE_OUTCOME_LABELS, type StoredOutcome } from '../store/scans.js';
import { RECHECK_OUTCOME_LABELS, type RecheckOutcome } from '../sampling/sampleList.js';
import { ROLE_LABELS, type Role } from './auth/roles.js';
import { MARK_CUT_SOURCE_LABELS } from '../recognize/markCut.js';
import type { PersonalView } from './personalViews.js';

type Detail = Record<string, unknown>;

const number = new Intl.NumberFormat('vi-VN');
const n = (value: unknown) => (typeof value === 'number' ? number.format(value) : String(value ?? '—'));
/** Serials, ids and names as stored: 100012 stays 100012. */
const s = (value: unknown) => String(value ?? '—');
const count = (value: unknown, noun: string) => `${n(Array.isArray(value) ? value.length : value)} ${noun}`;
const label = <K extends string>(labels: Record<K, string>, key: unknown) => labels[key as K] ?? String(key);
const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const megabytes = (bytes: unknown) => `${(Number(bytes) / 1e6).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
const forOffice = (office: unknown) => (office ? ` của ${String(office)}` : '');

function outcomes(detail: Detail): string {
  const parts = Object.entries((detail.outcomes ?? {}) as Record<string, number>).map(([outcome, k]) => `${lower(label(PAGE_OUTCOME_LABELS, outcome as StoredOutcome))}: ${n(k)}`);
  return `${count(detail.files, 'tệp')}, ${count(detail.pages, 'trang')}${parts.length ? ` — ${parts.join('; ')}` : ''}`;
}

function value(answer: unknown): string {
  if (answer === null || answer === undefined || (Array.isArray(answer) && answer.length === 0)) return 'không trả lời';
  return Array.isArray(answer) ? answer.join(', ') : String(answer);
}

function userChange(detail: Detail): string {
  const parts = [
    detail.role && `vai trò ${label(ROLE_LABELS, detail.role as Role)}`,
    detail.active === true && 'mở khoá',
    detail.active === false && 'khoá',
    detail.passwordChanged === true && 'đổi mật khẩu',
  ].filter(Boolean);
  return `Sửa tài khoản số ${s(detail.id)}${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}

const SETTINGS: Record<string, (value: unknown) => string> = {
  'review.doubleEntry': (on) => (on ? 'Bật duyệt hai lần.' : 'Tắt duyệt hai lần.'),
  'backup.schedule': (schedule) => {
    const { everyHours, keep } = (schedule ?? {}) as { everyHours?: number; keep?: number };
    return `Đặt lịch sao lưu: ${everyHours ? `mỗi ${n(everyHours)} giờ` : 'không tự sao lưu'}, giữ ${n(keep)} bản.`;
  },
  retention: () => 'Đổi thời hạn giữ dữ liệu cá nhân.',
  'results.settings': () => 'Đổi cách tính kết quả.',
  'sampling.tiers': () => 'Đổi các bậc cỡ mẫu.',
  'offices.levels': (levels) => `Đặt các cấp cơ quan: ${(Array.isArray(levels) ? levels : []).join(', ')}.`,
  'scan.settings': (settings) => `Đặt số trang tối đa của một tệp quét: ${n((settings as { maxPagesPerFile?: number } | undefined)?.maxPagesPerFile)}.`,
};

function setting(detail: Detail): string {
  return Object.entries(detail)
    .map(([key, v]) => SETTINGS[key]?.(v) ?? `Đổi cài đặt ${key}.`)
    .join(' ');
}

const PERSONAL_VIEW_LABELS: Record<PersonalView, string> = {
  review: 'màn hình duyệt',
  clip: 'ảnh ô trả lời',
  page: 'ảnh trang khi duyệt',
  form: 'màn hình xem phiếu',
  textClips: 'màn hình chữ viết tay',
  unreadPage: 'màn hình trang chưa nhận',
};

/** One sentence per kind of audited action, in the words of the screens. */
const SENTENCES: Record<string, (d: Detail) => string> = {
  login: (d) => `Đăng nhập từ ${s(d.address)}.`,
  'login.failed': (d) => `Đăng nhập không thành công từ ${s(d.address)}.`,
  'throttle.lift': (d) => `Gỡ giới hạn đăng nhập ${s(d.id)}.`,
  logout: () => 'Đăng xuất.',
  'user.create': (d) => `Tạo tài khoản ${s(d.username)}, vai trò ${label(ROLE_LABELS, d.role as Role)}.`,
  'user.update': userChange,
  'station.create': (d) => `Tạo mã cho trạm quét ${s(d.name)}.`,
  'station.revoke': (d) => `Thu hồi mã của trạm quét số ${s(d.id)}.`,
  'kiosk.create': (d) => `Tạo ki-ốt ${s(d.name)} cho ${s(d.officeCode)}, mẫu phiếu ${s(d.surveyId)}.`,
  'kiosk.revoke': (d) => `Thu hồi ki-ốt số ${s(d.id)}.`,
  'office.create': (d) => `Thêm cơ quan ${s(d.code)} vào danh sách cơ quan.`,
  'office.change': (d) => `Sửa cơ quan ${s(d.code)} trong danh sách cơ quan.`,
  upload: (d) => `Gửi tệp ${s(d.name)} (${megabytes(d.size)})${d.alreadyKnown ? ', tệp đã nhận trước đó' : ''}.`,
  scan: (d) => `Đọc phiếu quét: ${outcomes(d)}.`,
  'scan.cancel': (d) => `Dừng đọc tệp ${s(d.name)} (tệp gửi số ${s(d.upload)}).`,
  'demo.load': (d) => `Tạo dữ liệu mẫu: ${outcomes(d)}.`,
  'page.rotated': (d) => `Xoay trang của mục ${s(d.item)} ${n(Number(d.quarterTurns) * 90)}°.`,
  'page.assigned': (d) => `Xếp trang của mục ${s(d.item)} vào phiếu ${s(d.serial)}, trang ${s(d.pageNumber)}.`,
  'page.rejected': (d) => `Loại trang của mục ${s(d.item)}: ${s(d.reason)}.`,
  'page.placingFailed': (d) => `Không xếp được trang của mục ${s(d.item)} vào phiếu ${s(d.serial)}, trang ${s(d.pageNumber)}: đọc lại không được (${s(d.reason)}).`,
  markCut: (d) => {
    const to = (d.to ?? {}) as { emptyBelow?: number; markedFrom?: number };
    const by = label(MARK_CUT_SOURCE_LABELS, d.source);
    return `Đặt ngưỡng đọc dấu cho lô số ${s(d.batch)} (${by}): ô trống dưới ${n(to.emptyBelow)}, có dấu từ ${n(to.markedFrom)}; ${count(d.toReview, 'câu')} vào hàng duyệt, ${count(d.accepted, 'câu')} được chấp nhận.`;
  },
  correction: (d) => `${d.changed ? 'Sửa' : 'Giữ như máy đọc'} câu ${s(d.questionId)} của phiếu ${s(d.serial)}: ${value(d.value)}.`,
  'review.undone': (d) => `Hoàn tác quyết định câu ${s(d.questionId)} của phiếu ${s(d.serial)} (${value(d.undone)}): mục ${s(d.item)} chờ duyệt lại.`,
  'review.referred': (d) => `Chuyển mục ${s(d.item)} lên giám sát${d.note ? `: ${String(d.note)}` : ''}.`,
  setting,
  'settings.sampleTiers': () => 'Đổi các bậc cỡ mẫu.',
  'register.import': (d) => `Nhập sổ hồ sơ ${s(d.file)}: đọc ${count(d.rows, 'dòng')}, lưu ${n(d.kept)}, ${count(d.bad, 'dòng lỗi')}.`,
  'sample.draw': (d) => `Chọn mẫu (lần ${s(d.drawId)}) cho ${count(d.offices, 'cơ quan')}${Number(d.kept) ? `, giữ mẫu cũ của ${count(d.kept, 'cơ quan')}` : ''}.`,
  'sample.redraw': (d) => `Chọn lại mẫu${forOffice(d.office)} (lần ${s(d.drawId)}).`,
  'sample.export': (d) => `Tải danh sách mẫu${forOffice(d.office)} (${count(d.rows, 'dòng')}).`,
  'sample.routes': (d) => `Giao ${count(d.routes, 'tuyến')} cho điều tra viên${forOffice(d.office)}.`,
  'form.reprint': (d) => `In lại phiếu số ${s(d.serial)} (lần ${s(d.reprint)})${d.reason ? `: ${String(d.reason)}` : ''}.`,
  'procedures.import': (d) => `Nhập danh mục thủ tục ${s(d.file)} (${count(d.rows, 'thủ tục')}).`,
  'portal.import': (d) => `Nhập đánh giá trên cổng một cửa ${s(d.file)}: đọc ${count(d.rows, 'dòng')}, lưu ${n(d.kept)}, ${count(d.bad, 'dòng lỗi')}.`,
  'personal.found': (d) => `Tra cứu dữ liệu của một người: ${count(d.caseCodes, 'hồ sơ')}, ${count(d.serials, 'phiếu')}, ${count(d.responses, 'phản hồi điện tử')}.`,
  'personal.corrected': (d) => (d.serial ? `Sửa câu ${s(d.questionId)} của phiếu ${s(d.serial)} theo yêu cầu của chủ thể dữ liệu.` : `Sửa ${lower(label(FIELD_LABELS, d.field))} của hồ sơ ${s(d.caseCode)} theo yêu cầu của chủ thể dữ liệu.`),
  'personal.erased': (d) => `Xoá dữ liệu cá nhân của một người theo yêu cầu: ${count(d.caseCodes, 'hồ sơ')}, ${count(d.serials, 'phiếu')}, ${count(d.responses, 'phản hồi điện tử')}.`,
  'sample.forms': (d) => `Ghi ${count(d.copies, 'phiếu')} ${s(d.survey)} của mẫu${forOffice(d.office)}.`,
  print: (d) => `In ${count(d.copies, 'phiếu')} ${s(d.survey)}${forOffice(d.office)}, từ số ${s(d.first)}.`,
  'field.status': (d) =>
    `Ghi ${lower(label(FIELD_STATE_LABELS, d.status as FieldState))} cho phiếu ${s(d.serial ?? d.caseCode)}${d.replacement ? `; người dự phòng ${String(d.replacement)} vào mẫu` : ''}.`,
  'recheck.draw': (d) => `Chọn ${count(d.forms, 'phiếu')} để phúc tra.`,
  'recheck.outcome': (d) => `Ghi kết quả phúc tra phiếu ${s(d.serial)}: ${lower(label(RECHECK_OUTCOME_LABELS, d.outcome as RecheckOutcome))}.`,
  'recheck.export': (d) => `Xuất danh sách phúc tra (${count(d.rows, 'dòng')}).`,
  'electronic.import': (d) => `Nhập tệp khảo sát điện tử ${s(d.file)}: đọc ${count(d.rows, 'dòng')}, lưu ${n(d.kept)}.`,
  'staff.import': (d) => `Nhập danh sách cán bộ ${s(d.file)}: đọc ${count(d.rows, 'dòng')}, lưu ${n(d.kept)}.`,
  report: (d) => `Xuất báo cáo kết quả ${s(d.survey)} (${String(d.format).toUpperCase()})${forOffice(d.office)}${d.from || d.to ? `, từ ${s(d.from)} đến ${s(d.to)}` : ''}.`,
  export: (d) => `Xuất câu trả lời (${count(d.rows, 'dòng')}).`,
  'personal.viewed': (d) =>
    `Xem dữ liệu cá nhân (${(d.questions as string[]).join(', ')}) ${d.serial ? `của phiếu ${s(d.serial)} ` : ''}qua ${label(PERSONAL_VIEW_LABELS, d.via)}.`,
  'doctor.repair': (d) => `Sửa quyền truy cập của ${count(d.permissions, 'thư mục và tệp')} trong thư mục dữ liệu.`,
  'export.personal': (d) => `Xuất câu trả lời có dữ liệu cá nhân (${count(d.rows, 'dòng')}).`,
  backup: () => 'Sao lưu dữ liệu.',
  purge: (d) => `Xoá dữ liệu cá nhân trước ngày ${s(d.cutoff)}.`,
};

/** The audit event as a sentence a person reads on Quản trị. */
export function auditSentence(action: string, detail: Detail): string {
  return SENTENCES[action]?.(detail) ?? `Việc ${action}.`;
}

/** The actions that have their own sentence (the rest read as "Việc <action>."). */
export const DESCRIBED_ACTIONS = Object.keys(SENTENCES);
