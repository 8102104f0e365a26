import type { AnswerValue, FormView } from '../../../src/web/api.js';
import { api } from '../api.js';
import { answerView } from '../answers.js';
import { h, replace, table, when } from '../dom.js';
import { FIELD_REASON_LABELS } from '../labels.js';

const HIDDEN = 'Ẩn (dữ liệu cá nhân)';
const CORRECTION_REASONS: Record<string, string> = { changed: 'đã sửa', confirmed: 'giữ như máy đọc', undone: 'hoàn tác, chờ duyệt lại', markCut: 'đọc lại theo ngưỡng dấu của lô' };

/** One form: per question the machine's original read, every correction (who, when, why) and the answer that counts. */
export async function render(main: HTMLElement, { serial }: { serial: number }): Promise<void> {
  const form = await api<FormView>('GET', `/api/forms/${serial}`);
  replace(
    main,
    h('section', {},
      h('h1', {}, `Phiếu ${form.serial} — ${form.surveyName}`),
      h('p', { class: 'muted' }, `Cơ quan: ${form.officeCode ?? '—'} · Hồ sơ: ${form.caseCode ?? '—'} · Trạng thái: ${form.statusLabel} · Trang đã quét: ${form.pages.map((p) => p.pageNumber).join(', ') || 'chưa có'}`),
      table(['Câu hỏi', 'Trang', 'Máy đọc', 'Lý do nghi ngờ', 'Sửa', 'Giá trị dùng'], form.answers.map((a) => {
        const show = (value: AnswerValue | null) => (a.hidden ? h('em', { class: 'muted' }, HIDDEN) : answerView(value, a.options));
        return [
          h('span', { title: a.questionId }, a.text),
          a.page,
          show(a.original),
          a.reasons.map((r) => FIELD_REASON_LABELS[r] ?? r).join(', '),
          a.corrections.map((c) => h('div', {}, show(c.value), ` — ${c.reviewer}, ${when(c.at)}${c.reason ? ` (${CORRECTION_REASONS[c.reason] ?? c.reason})` : ''}`)),
          h('strong', {}, show(a.effective)),
        ];
      })),
    ),
  );
}
