import { api, messageOf } from '../api.js';
import { h, replace, toast } from '../dom.js';
import { MARK_CUT_SOURCE_LABELS } from '../labels.js';

interface Cut {
  emptyBelow: number;
  markedFrom: number;
}
interface Batch {
  id: number;
  label: string | null;
  createdAt: string;
  files: number;
  pages: number;
  cut: (Cut & { source: string }) | null;
}
interface QuestionCounts {
  review: number;
  accepted: number;
}
interface Effect {
  cut: Cut;
  questions: QuestionCounts;
  changes: { toReview: number; accepted: number; valueChanged: number };
}
/** GET /api/mark-batches/:id: the batch, what its scores call for, and what each cut asked about would do. */
interface BatchView {
  batch: Batch;
  defaultCut: Cut;
  calibration: { outcome: string; cut: Cut; empty: { median: number; top: number } };
  current: { questions: QuestionCounts };
  whatIf: Effect[];
}

const OUTCOME_LABELS: Record<string, string> = {
  default: 'Ô trống của lô nằm đúng chỗ ngưỡng mặc định giả định: giữ mặc định.',
  calibrated: 'Ô trống của lô sẫm hơn bình thường (giấy xám, máy quét bẩn): lô có ngưỡng riêng.',
  fewBoxes: 'Lô quá ít ô để tự đặt ngưỡng: giữ mặc định.',
  ambiguous: 'Điểm mực của lô không tách rõ ô trống với ô có dấu: giữ mặc định, các ô nghi ngờ vẫn đến người duyệt.',
};

const fmt = (x: number) => Number(x).toFixed(3);

/** The cuts shown in the what-if table: the empty line in steps within its bounds, the mark line keeping its band. */
function candidates(view: BatchView): Cut[] {
  const { defaultCut, calibration } = view;
  const band = defaultCut.markedFrom - defaultCut.emptyBelow;
  const cuts = [0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08].map((e) => ({ emptyBelow: e, markedFrom: Math.min(0.16, Math.max(defaultCut.markedFrom, Math.round((e + band) * 1000) / 1000)) }));
  cuts.push(calibration.cut);
  const seen = new Set<string>();
  return cuts.filter((c) => !seen.has(`${c.emptyBelow}:${c.markedFrom}`) && seen.add(`${c.emptyBelow}:${c.markedFrom}`));
}

/**
 * Mark cuts per batch, for supervisors: what each batch's box scores call for, and for any candidate cut how many box
 * questions it would send to a person or accept, before it is applied (the server checks the role and the bounds and
 * writes the change to the audit trail).
 */
export async function render(main: HTMLElement): Promise<void> {
  const detail = h('div', { class: 'mark-cut-detail' });
  const { batches } = await api<{ batches: Batch[] }>('GET', '/api/mark-batches');
  const list = h(
    'table',
    { class: 'mark-batches' },
    h('thead', {}, h('tr', {}, ['Lô', 'Nhận lúc', 'Tệp', 'Trang đọc được', 'Ngưỡng đang dùng'].map((t) => h('th', {}, t)))),
    h('tbody', {}, batches.map((b) => h('tr', { class: 'clickable', onclick: () => show(b.id) }, h('td', {}, b.label ?? `Lô số ${b.id}`), h('td', {}, b.createdAt.replace('T', ' ').slice(0, 16)), h('td', {}, b.files), h('td', {}, b.pages), h('td', {}, b.cut ? `${fmt(b.cut.emptyBelow)} / ${fmt(b.cut.markedFrom)} (${MARK_CUT_SOURCE_LABELS[b.cut.source] ?? b.cut.source})` : 'mặc định')))),
  );
  replace(main, h('section', {}, h('h1', {}, 'Ngưỡng đọc dấu theo lô'), h('p', { class: 'legend' }, 'Ngưỡng ô trống / ngưỡng ô có dấu: điểm mực dưới ngưỡng thứ nhất là ô trống, trên ngưỡng thứ hai là dấu; ở giữa thì người duyệt xem.'), batches.length ? list : h('p', { class: 'muted' }, 'Chưa có lô nào được đọc.'), detail));

  async function show(id: number): Promise<void> {
    const base = await api<BatchView>('GET', `/api/mark-batches/${id}`);
    const cuts = candidates(base);
    const view = await api<BatchView>('GET', `/api/mark-batches/${id}?whatIf=${cuts.map((c) => `${c.emptyBelow}:${c.markedFrom}`).join(',')}`);
    const current = view.batch.cut ?? view.defaultCut;
    replace(
      detail,
      h('h2', {}, view.batch.label ?? `Lô số ${id}`),
      h('p', {}, OUTCOME_LABELS[view.calibration.outcome], ` (ô trống điển hình ${fmt(view.calibration.empty.median)}, 99 % ô trống dưới ${fmt(view.calibration.empty.top)})`),
      h('p', {}, `Đang dùng ${fmt(current.emptyBelow)} / ${fmt(current.markedFrom)}: ${view.current.questions.review} câu cần người duyệt, ${view.current.questions.accepted} câu đọc được.`),
      h(
        'table',
        { class: 'what-if' },
        h('thead', {}, h('tr', {}, ['Ngưỡng ô trống', 'Ngưỡng ô có dấu', 'Câu cần duyệt', 'Câu đọc được', 'Thêm vào hàng duyệt', 'Tự chấp nhận', 'Đổi câu trả lời', ''].map((t) => h('th', {}, t)))),
        h('tbody', {}, view.whatIf.map((e) => h('tr', { class: e.cut.emptyBelow === current.emptyBelow && e.cut.markedFrom === current.markedFrom ? 'cursor' : '' },
          h('td', {}, fmt(e.cut.emptyBelow)), h('td', {}, fmt(e.cut.markedFrom)), h('td', {}, e.questions.review), h('td', {}, e.questions.accepted),
          h('td', {}, e.changes.toReview), h('td', {}, e.changes.accepted), h('td', {}, e.changes.valueChanged),
          h('td', {}, h('button', { onclick: () => apply(id, e) }, 'Áp dụng cho lô'))))),
      ),
    );
  }

  async function apply(id: number, effect: Effect): Promise<void> {
    const { cut, changes } = effect;
    if (!confirm(`Đặt ngưỡng ${fmt(cut.emptyBelow)} / ${fmt(cut.markedFrom)} cho lô này? ${changes.toReview} câu sẽ vào hàng duyệt, ${changes.accepted} câu được chấp nhận không cần người duyệt. Câu đã có người quyết định giữ nguyên.`)) return;
    try {
      await api('POST', `/api/mark-batches/${id}/cut`, cut);
      toast('Đã đặt ngưỡng cho lô.');
      await show(id);
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }
}
