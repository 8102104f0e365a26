import { api, messageOf } from '../api.js';
import { h, replace, toast } from '../dom.js';
import { PAGE_OUTCOME_LABELS, UNREADABLE_REASON_LABELS } from '../labels.js';

/** A page not matched to a form (GET /api/page-items). */
interface PageItem {
  id: number;
  fileName: string;
  filePage: number;
  outcome: string;
  reason: string | null;
  message: string;
  batch: string | null;
  serial: number | null;
  pageNumber: number | null;
  hasImage: boolean;
  quarterTurns: number;
}

type Action = { action: 'rotate'; body: { quarterTurns: number } } | { action: 'assign'; body: { serial: number; pageNumber: number } } | { action: 'reject'; body: { reason: string } };

/** A reason's clause from the served label table, as a sentence. */
const reasonSentence = (reason: string | null) =>
  reason !== null &&
   UNREADABLE_REASON_LABELS[reason] && `${UNREADABLE_REASON_LABELS[reason][0].toUpperCase()}${UNREADABLE_REASON_LABELS[reason].slice(1)}.`;

/** Pages not matched to a form: turn them, put them in their place (form serial and page), or reject with a reason. */
export async function render(main: HTMLElement): Promise<() => void> {
  const s: { items: PageItem[]; index: number } = { items: [], index: 0 };
  const list = h('ol', { class: 'page-list' });
  const detail = h('div', { class: 'page-detail' });
  replace(
    main,
    h('section', {}, h('h1', {}, 'Trang chưa nhận được'), h('p', { class: 'legend' }, h('kbd', {}, 'J/K'), ' trang sau/trước · ', h('kbd', {}, 'R'), '/', h('kbd', {}, 'L'), ' xoay phải/trái · ', h('kbd', {}, 'A'), ' gán vào phiếu · ', h('kbd', {}, 'X'), ' loại bỏ'), h('div', { class: 'split' }, list, detail)),
  );

  async function load() {
    s.items = (await api<{ items: PageItem[] }>('GET', '/api/page-items?status=open')).items;
    s.index = Math.min(s.index, Math.max(0, s.items.length - 1));
    draw();
  }

  function draw(): void {
    replace(list, s.items.map((item, i) => h('li', { class: i === s.index ? 'cursor' : '', onclick: () => { s.index = i; draw(); } }, `${item.fileName} · trang ${item.filePage}`, h('br'), h('small', {}, PAGE_OUTCOME_LABELS[item.outcome] ?? item.outcome))));
    const item = s.items[s.index];
    if (!item) return void replace(detail, h('p', { class: 'muted' }, 'Không còn trang nào cần xử lý.'));
    const serial = h('input', { name: 'serial', inputmode: 'numeric', placeholder: 'Số phiếu', value: item.serial ?? '' });
    const pageNumber = h('input', { name: 'pageNumber', inputmode: 'numeric', placeholder: 'Trang', value: item.pageNumber ?? '1', size: 3 });
    const reason = h('input', { name: 'reason', placeholder: 'Lý do loại bỏ' });
    replace(
      detail,
      h('p', {}, h('strong', {}, PAGE_OUTCOME_LABELS[item.outcome] ?? item.outcome)),
      reasonSentence(item.reason) ? h('p', {}, reasonSentence(item.reason)) : null,
      h('p', { class: 'muted' }, 'Chi tiết kỹ thuật: ', item.message),
      h('p', { class: 'muted' }, `Tệp ${item.fileName}, trang ${item.filePage}${item.batch ? ` · lô ${item.batch}` : ''}`),
      h('div', { class: 'actions' },
        h('button', { onclick: () => act({ action: 'rotate', body: { quarterTurns: -1 } }) }, '⟲ Xoay trái'),
        h('button', { onclick: () => act({ action: 'rotate', body: { quarterTurns: 1 } }) }, '⟳ Xoay phải'),
        h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); act({ action: 'assign', body: { serial: Number(serial.value), pageNumber: Number(pageNumber.value) } }); } }, serial, pageNumber, h('button', { type: 'submit', class: 'primary' }, 'Gán vào phiếu')),
        h('form', { class: 'inline', onsubmit: (e) => { e.preventDefault(); act({ action: 'reject', body: { reason: reason.value } }); } }, reason, h('button', { type: 'submit' }, 'Loại bỏ')),
      ),
      item.hasImage ? h('img', { class: 'page-image', src: `/api/page-items/${item.id}/image?t=${item.quarterTurns}`, alt: 'Ảnh trang' }) : h('p', { class: 'muted' }, 'Không có ảnh (tệp hỏng).'),
    );
  }

  async function act(what: Action): Promise<void> {
    const item = s.items[s.index];
    try {
      await api('POST', `/api/page-items/${item.id}/${what.action}`, what.body);
      if (what.action === 'rotate') {
        s.items[s.index] = { ...item, quarterTurns: (item.quarterTurns + what.body.quarterTurns + 4) % 4 };
        draw();
      } else {
        toast(what.action === 'assign' ? `Đã gán vào phiếu ${what.body.serial}, trang ${what.body.pageNumber}.` : 'Đã loại bỏ trang.');
        await load();
      }
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }

  function onKey(event: KeyboardEvent): void {
    if ((event.target as HTMLElement).tagName === 'INPUT' || !document.body.contains(list)) return;
    const key = event.key.toLowerCase();
    if (key === 'j' || key === 'k') {
      s.index = Math.max(0, Math.min(s.items.length - 1, s.index + (key === 'j' ? 1 : -1)));
      draw();
    } else if (key === 'r' || key === 'l') act({ action: 'rotate', body: { quarterTurns: key === 'r' ? 1 : -1 } });
    else if (key === 'a') {
      event.preventDefault();
      detail.querySelector<HTMLInputElement>('input[name=serial]')?.focus();
    } else if (key === 'x') {
      event.preventDefault();
      detail.querySelector<HTMLInputElement>('input[name=reason]')?.focus();
    }
  }
  document.addEventListener('keydown', onKey);
  await load();
  return () => document.removeEventListener('keydown', onKey);
}
