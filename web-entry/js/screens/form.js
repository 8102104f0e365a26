import { api } from '../api.js';
import { h, replace, table, when } from '../dom.js';

const HIDDEN = 'Ẩn (dữ liệu cá nhân)';
const show = (value) => (value === null || value === undefined ? '—' : Array.isArray(value) ? value.join(', ') || '(không trả lời)' : value || '(trống)');

/** One form: per question the machine's original read, every correction (who, when, why) and the answer that counts. */
export async function render(main, { serial }) {
  const form = await api('GET', `/api/forms/${serial}`);
  replace(
    main,
    h('section', {},
      h('h1', {}, `Phiếu ${form.serial} — ${form.surveyName}`),
      h('p', { class: 'muted' }, `Cơ quan: ${form.officeCode ?? '—'} · Hồ sơ: ${form.caseCode ?? '—'} · Trạng thái: ${form.status} · Trang đã quét: ${form.pages.map((p) => p.pageNumber).join(', ') || 'chưa có'}`),
      table(['Câu hỏi', 'Trang', 'Máy đọc', 'Lý do nghi ngờ', 'Sửa', 'Giá trị dùng'], form.answers.map((a) => [
        h('span', { title: a.questionId }, a.text),
        a.page,
        a.hidden ? h('em', { class: 'muted' }, HIDDEN) : show(a.original),
        a.reasons.join(', '),
        a.corrections.map((c) => h('div', {}, `${a.hidden ? HIDDEN : show(c.value)} — ${c.reviewer}, ${when(c.at)}${c.reason ? ` (${c.reason})` : ''}`)),
        a.hidden ? h('em', { class: 'muted' }, HIDDEN) : h('strong', {}, show(a.effective)),
      ])),
    ),
  );
}
