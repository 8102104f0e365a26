import { api } from '../api.js';
import { h, replace, when, type Child } from '../dom.js';

interface Choices {
  offices: { code: string; name: string }[];
  questions: { id: string; text: string }[];
}
interface Clip {
  pageId: number;
  questionId: string;
  questionText: string;
  serial: number;
  officeName: string | null;
  officeCode: string | null;
  scannedAt: string;
  typed: string | null;
  /** What OCR read, searchable when nobody typed the clip. */
  machineText?: string | null;
}
type Filter = 'office' | 'questionId' | 'text';

/**
 * Written answers as the respondents wrote them — comments above all, typed or kept as images only — found by office,
 * question and words (typed, or else read by OCR). Names and addresses appear only for roles with personal-data access (the server decides).
 */
export async function render(main: HTMLElement): Promise<void> {
  const choices = await api<Choices>('GET', '/api/clips/choices');
  const s: Record<Filter, string> & { offset: number } = { office: '', questionId: '', text: '', offset: 0 };
  const PAGE = 60;
  const list = h('div', { class: 'clip-grid' });
  const more = h('button', { onclick: () => load(false) }, 'Xem thêm');
  const select = (name: Filter, label: string, options: Child) =>
    h('label', { class: 'inline' }, label, h('select', { onchange: (e) => { s[name] = (e.currentTarget as HTMLSelectElement).value; load(true); } }, h('option', { value: '' }, 'Tất cả'), options));
  let typing: ReturnType<typeof setTimeout> | undefined;
  replace(
    main,
    h(
      'section',
      {},
      h('h1', {}, 'Ý kiến viết tay'),
      h(
        'div',
        { class: 'filters' },
        select('office', 'Cơ quan', choices.offices.map((o) => h('option', { value: o.code }, o.name))),
        select('questionId', 'Câu hỏi', choices.questions.map((q) => h('option', { value: q.id }, q.text))),
        h('label', { class: 'inline' }, 'Tìm trong chữ đã gõ hoặc máy đọc', h('input', { type: 'search', oninput: (e) => { const box = e.currentTarget as HTMLInputElement; clearTimeout(typing); typing = setTimeout(() => { s.text = box.value.trim(); load(true); }, 300); } })),
      ),
      list,
      more,
    ),
  );

  async function load(fresh: boolean): Promise<void> {
    if (fresh) s.offset = 0;
    const params = new URLSearchParams(Object.entries({ office: s.office, questionId: s.questionId, text: s.text }).filter(([, v]) => v));
    params.set('limit', String(PAGE));
    params.set('offset', String(s.offset));
    const { clips } = await api<{ clips: Clip[] }>('GET', `/api/clips?${params}`);
    const cards = clips.map((c) =>
      h(
        'figure',
        { class: 'card clip-card' },
        h('img', { class: 'clip', src: `/api/clips/${c.pageId}/${encodeURIComponent(c.questionId)}`, alt: `Phiếu ${c.serial}, ${c.questionText}`, loading: 'lazy' }),
        h('figcaption', {}, h('strong', {}, c.questionText), h('br'), `${c.officeName ?? c.officeCode ?? '—'} · phiếu `, h('a', { href: `#/phieu/${c.serial}` }, String(c.serial)), ` · ${when(c.scannedAt)}`, c.typed ? h('p', {}, `Đã gõ: ${c.typed}`) : c.machineText ? h('p', { class: 'muted' }, `Máy đọc (chưa ai kiểm tra): ${c.machineText}`) : h('p', { class: 'muted' }, 'Chưa gõ (giữ dạng ảnh)')),
      ),
    );
    if (fresh) replace(list, cards.length ? cards : h('p', { class: 'muted' }, 'Không có ý kiến viết tay nào khớp.'));
    else list.append(...cards);
    s.offset += clips.length;
    more.hidden = clips.length < PAGE;
  }

  await load(true);
}
