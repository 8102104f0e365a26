import type { PersonCorrected, PersonErased, PersonFound } from '../../../src/web/api.js';
import { api, messageOf } from '../api.js';
import { h, replace, table, toast, when, type Child } from '../dom.js';
import { RECHECK_OUTCOME_LABELS } from '../labels.js';
import type { ScreenContext } from '../screen.js';

/**
 * A citizen's request about their own data (Law 91/2025/QH15): find it by phone, by name and address or by case code,
 * see everything phieu holds of them, correct a value, and (administrators) delete it. The server checks the roles
 * and audits each act; deleting keeps the anonymous answers counted.
 */

type PersonalField = 'name' | 'phone' | 'address';
const FIELD_LABELS: Record<PersonalField, string> = { name: 'họ tên', phone: 'số điện thoại', address: 'địa chỉ' };
const FIELDS = Object.keys(FIELD_LABELS) as PersonalField[];

/** What a correction changes: a register case's field, or a form's personal answer. */
type CorrectionTarget = { caseCode: string; field: PersonalField } | { serial: number; questionId: string };

const show = (value: unknown): string => (value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value));

export function render(main: HTMLElement, { user }: ScreenContext): void {
  const inputs = {
    phone: h('input', { name: 'phone', placeholder: 'Số điện thoại', size: 14 }),
    name: h('input', { name: 'name', placeholder: 'Họ và tên', size: 22 }),
    address: h('input', { name: 'address', placeholder: 'Địa chỉ (đi cùng họ tên)', size: 26 }),
    caseCode: h('input', { name: 'caseCode', placeholder: 'Mã hồ sơ', size: 14 }),
  };
  const result = h('div', { class: 'personal-result' });
  let query: Record<string, string> = {};

  const search = async (e: Event) => {
    e.preventDefault();
    query = Object.fromEntries(Object.entries(inputs).map(([k, input]) => [k, input.value.trim()]).filter(([, v]) => v));
    try {
      draw(await api<PersonFound>('GET', `/api/personal?${new URLSearchParams(query)}`));
    } catch (error) {
      replace(result, h('p', { class: 'error', role: 'alert' }, messageOf(error)));
    }
  };

  function draw({ scope, records }: PersonFound): void {
    const targets: { label: string; correction: CorrectionTarget }[] = [
      ...records.registerCases.flatMap((c) => FIELDS.map((field) => ({ label: `Hồ sơ ${c.caseCode} — ${FIELD_LABELS[field]}`, correction: { caseCode: c.caseCode, field } }))),
      ...records.forms.flatMap((f) => f.personalAnswers.map((a) => ({ label: `Phiếu ${f.serial} — câu ${a.questionId} (${FIELD_LABELS[a.kind]})`, correction: { serial: f.serial, questionId: a.questionId } }))),
    ];
    const target = h('select', { name: 'target' }, targets.map((t, i) => h('option', { value: String(i) }, t.label)));
    const value = h('input', { name: 'value', placeholder: 'Giá trị đúng', size: 30 });
    const section = (title: string, headers: string[], rows: Child[][]) => h('div', { class: 'card' }, h('h2', {}, `${title} (${rows.length})`), rows.length ? table(headers, rows) : h('p', { class: 'muted' }, 'Không có.'));
    replace(
      result,
      h('p', { class: 'summary' }, `Tìm thấy ${scope.caseCodes.length} hồ sơ trong sổ, ${scope.serials.length} phiếu giấy, ${scope.responseIds.length} câu trả lời điện tử. Việc xem này đã được ghi vào nhật ký.`),
      section('Sổ hồ sơ', ['Mã hồ sơ', 'Cơ quan', 'Thủ tục', 'Họ tên', 'Số điện thoại', 'Địa chỉ', 'Ngày trả'], records.registerCases.map((c) => [c.caseCode, c.officeCode, c.procedure ?? '', c.name ?? '', c.phone ?? '', c.address ?? '', c.returnedOn ?? ''])),
      section('Danh sách mẫu', ['Lần chọn', 'Cơ quan', 'Danh sách', 'STT', 'Mã hồ sơ', 'Trong mẫu'], records.sampleMembers.map((m) => [m.drawId, m.officeCode, m.list === 'official' ? 'chính thức' : 'dự phòng', m.position, m.caseCode, m.inSample ? 'có' : 'không'])),
      section('Phiếu giấy và câu trả lời cá nhân', ['Số phiếu', 'Phiếu', 'Mã hồ sơ', 'Câu', 'Giá trị hiện tại'], records.forms.flatMap((f) => (f.personalAnswers.length ? f.personalAnswers : [{ questionId: '', value: '' }]).map((a) => [f.serial, f.surveyId, f.caseCode ?? '', a.questionId, show(a.value)]))),
      section('Sửa chữa đã ghi', ['Số phiếu', 'Câu', 'Giá trị', 'Người sửa', 'Lý do', 'Lúc'], records.corrections.map((c) => [c.serial, c.questionId, show(c.value), c.reviewer, c.reason ?? '', when(c.at)])),
      section('Chữ số đã gõ (dùng để học lại)', ['Số phiếu', 'Câu', 'Ô', 'Chữ số'], records.digitSamples.map((d) => [d.serial, d.questionId, d.cell, d.digit])),
      section('Ảnh cắt chữ viết tay', ['Số phiếu', 'Câu', 'Ô'], records.clips.map((c) => [c.serial, c.questionId, c.cell < 0 ? '' : c.cell])),
      section('Ảnh trang', ['Số phiếu', 'Trang'], records.pageImages.map((p) => [p.serial, p.page ?? ''])),
      section('Phúc tra', ['Số phiếu', 'Số điện thoại', 'Kết quả'], records.rechecks.map((r) => [r.serial, r.phone, r.outcome ? (RECHECK_OUTCOME_LABELS[r.outcome] ?? r.outcome) : ''])),
      section('Kênh điện tử', ['Nguồn', 'Phiếu', 'Mã hồ sơ', 'Số điện thoại', 'Số định danh', 'Tài khoản', 'Lúc gửi', 'Câu trả lời cá nhân'], records.electronicResponses.map((r) => [r.source, r.surveyId, r.caseCode ?? '', r.phone ?? '', r.idNumber ?? '', r.account ?? '', r.submittedAt, show(r.personalAnswers)])),
      targets.length
        ? h('div', { class: 'card' },
            h('h2', {}, 'Sửa theo yêu cầu của người dân'),
            h('form', { class: 'inline', onsubmit: async (e) => {
              e.preventDefault();
              try {
                const corrected = await api<PersonCorrected>('POST', '/api/personal/correct', { query, correction: { ...targets[Number(target.value)].correction, value: value.value } });
                draw(corrected);
                toast(corrected.message);
              } catch (error) {
                toast(messageOf(error), 'error');
              }
            } }, target, value, h('button', { type: 'submit' }, 'Sửa')))
        : null,
      user.permissions.includes('maintenance')
        ? h('div', { class: 'card' },
            h('h2', {}, 'Xoá theo yêu cầu của người dân'),
            h('p', { class: 'muted' }, 'Xoá họ tên, số điện thoại, địa chỉ, chữ viết tay và ảnh trang của người này ở mọi nơi (số điện thoại thay bằng mã ẩn danh). Các câu trả lời không định danh vẫn được tính; chỉ số của cơ quan không đổi. Không hoàn tác được.'),
            h('button', { type: 'button', class: 'danger', onclick: async () => {
              if (!window.confirm('Xoá dữ liệu cá nhân của người này? Không hoàn tác được.')) return;
              try {
                const done = await api<PersonErased>('POST', '/api/personal/erase', { query, confirm: true });
                replace(result, h('p', { class: 'summary', role: 'status' }, done.message));
              } catch (error) {
                toast(messageOf(error), 'error');
              }
            } }, 'Xoá dữ liệu cá nhân'))
        : null,
    );
  }

  replace(
    main,
    h('section', {},
      h('h1', {}, 'Yêu cầu về dữ liệu cá nhân'),
      h('p', { class: 'muted' }, 'Theo Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15): tìm dữ liệu của một người theo số điện thoại, theo họ tên kèm địa chỉ hoặc mã hồ sơ; xem, sửa hoặc xoá. Mọi thao tác được ghi vào nhật ký.'),
      h('form', { class: 'inline card', onsubmit: search }, inputs.phone, inputs.name, inputs.address, inputs.caseCode, h('button', { type: 'submit' }, 'Tìm')),
      result,
    ),
  );
}
