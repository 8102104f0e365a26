import type { OfficeTreeView } from '../../../src/web/api.js';
import { api, messageOf } from '../api.js';
import { dmy, h, replace, toast } from '../dom.js';

type Office = OfficeTreeView['offices'][number];

/**
 * "Cơ quan": the office tree the planners keep — name, level, the office above, the days it is active. A register
 * adds the offices it names; here they are placed. The form is plain fields in reading order, so Tab, typing and
 * Enter do everything; "Sửa" on a row fills the form and puts the cursor in it.
 */
export async function render(main: HTMLElement): Promise<void> {
  const list = h('div', { class: 'card' });
  const editor = h('div', { class: 'card office-editor' });
  const levelsCard = h('div', { class: 'card office-levels' });
  replace(main, h('section', { class: 'offices' }, h('h1', {}, 'Danh sách cơ quan'), editor, levelsCard, list));
  let data = await api<OfficeTreeView>('GET', '/api/offices');
  let editing: Office | null = null; // the office whose row was chosen, to send only a level that changed

  function period(o: Office): string {
    const parts = [o.activeFrom && `từ ${dmy(o.activeFrom)}`, o.activeTo && `đến ${dmy(o.activeTo)}`].filter(Boolean);
    return `${o.active ? 'Đang hoạt động' : 'Ngừng hoạt động'}${parts.length ? ` (${parts.join(' ')})` : ''}`;
  }

  function renderList(): void {
    const nameOf = new Map(data.offices.map((o) => [o.code, o.name]));
    replace(list,
      h('h2', {}, `Các cơ quan (${data.offices.length})`),
      h('p', { class: 'muted' }, `Các cấp: ${data.levels.join(', ')}. Cơ quan cấp huyện cũ được giữ cho số liệu trước ngày 01/07/2025 nhưng không còn hoạt động.`),
      data.offices.length === 0
        ? h('p', { class: 'muted' }, 'Chưa có cơ quan nào: nhập sổ hồ sơ, hoặc thêm cơ quan ở trên.')
        : h('table', { class: 'office-tree' },
            h('thead', {}, h('tr', {}, ['Tên cơ quan', 'Mã', 'Cấp', 'Cơ quan cấp trên', 'Hoạt động', ''].map((x) => h('th', {}, x)))),
            h('tbody', {}, data.offices.map((o) => h('tr', { 'data-office': o.code, class: o.active ? '' : 'inactive' },
              h('td', { style: { paddingLeft: `${0.5 + o.depth * 1.5}rem` } }, o.name),
              h('td', {}, o.code),
              h('td', {}, o.level ?? 'chưa xếp cấp'),
              h('td', {}, o.parent ? (nameOf.get(o.parent) ?? o.parent) : ''),
              h('td', {}, period(o)),
              h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => edit(o) }, 'Sửa')),
            ))),
          ),
    );
  }

  function renderEditor(office: Office | null): HTMLFormElement {
    editing = office;
    const levels = office?.level && !data.levels.includes(office.level) ? [...data.levels, office.level] : data.levels;
    const field = (label: string, input: HTMLElement) => h('label', { class: 'inline' }, label, input);
    const error = h('p', { class: 'error', role: 'alert' });
    const form: HTMLFormElement = h('form', { class: 'filters', onsubmit: (e: SubmitEvent) => save(e, form, error) },
      field('Mã', h('input', { name: 'code', required: true, pattern: '[a-z0-9\\-]{1,60}', size: 24, value: office?.code ?? '', readOnly: Boolean(office), title: 'chữ thường không dấu, số và dấu gạch ngang' })),
      field('Tên', h('input', { name: 'name', required: true, size: 36, value: office?.name ?? '' })),
      field('Cấp', h('select', { name: 'level' }, h('option', { value: '' }, 'chưa xếp cấp'), levels.map((l) => h('option', { value: l, selected: office?.level === l }, l)))),
      field('Cơ quan cấp trên', h('select', { name: 'parent' }, h('option', { value: '' }, '(không có)'),
        data.offices.filter((o) => o.code !== office?.code).map((o) => h('option', { value: o.code, selected: office?.parent === o.code }, o.name)))),
      field('Hoạt động từ', h('input', { type: 'date', name: 'activeFrom', value: office?.activeFrom ?? '' })),
      field('đến', h('input', { type: 'date', name: 'activeTo', value: office?.activeTo ?? '' })),
      h('button', { type: 'submit', class: 'primary' }, office ? 'Lưu thay đổi' : 'Thêm cơ quan'),
      office && h('button', { type: 'button', onclick: () => renderEditor(null) }, 'Thêm cơ quan khác'),
      error,
    );
    replace(editor, h('h2', {}, office ? `Sửa cơ quan: ${office.name}` : 'Thêm cơ quan'), form);
    return form;
  }

  function edit(office: Office | null): void {
    renderEditor(office).querySelector<HTMLInputElement>('input[name=name]')?.focus();
  }

  async function save(event: Event, form: HTMLFormElement, error: HTMLElement): Promise<void> {
    event.preventDefault();
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value.trim();
    const code = value('code');
    const body: { name: string; parent: string | null; activeFrom: string | null; activeTo: string | null; level?: string | null } = { name: value('name'), parent: value('parent') || null, activeFrom: value('activeFrom') || null, activeTo: value('activeTo') || null };
    // A former level (huyện) is kept as it is unless another is chosen: only the defined levels may be given.
    const level = value('level') || null;
    if (!editing || level !== editing.level) body.level = level;
    try {
      const saved = await api<Office>('POST', `/api/offices/${encodeURIComponent(code)}`, body);
      toast(`Đã lưu cơ quan ${saved.name}.`);
      data = await api<OfficeTreeView>('GET', '/api/offices');
      renderList();
      edit(data.offices.find((o) => o.code === saved.code) ?? null);
    } catch (e) {
      error.textContent = messageOf(e);
      toast(messageOf(e), 'error');
    }
  }

  /** The levels, one a line in the order reports list them; the server refuses a level an office still has. */
  function renderLevels(): void {
    const error = h('p', { class: 'error', role: 'alert' });
    const used = (level: string) => data.offices.filter((o) => o.level === level).length;
    const form: HTMLFormElement = h('form', { onsubmit: (e: SubmitEvent) => saveLevels(e, form, error) },
      h('label', {}, 'Các cấp cơ quan (mỗi dòng một cấp, theo thứ tự báo cáo liệt kê)',
        h('textarea', { name: 'levels', rows: Math.max(3, data.levels.length + 1), cols: 40 }, data.levels.join('\n'))),
      h('p', { class: 'muted' }, `Đang dùng: ${data.levels.map((l) => `${l} (${used(l)} cơ quan)`).join(', ')}. Cấp còn cơ quan thuộc về không bỏ được.`),
      h('button', { type: 'submit' }, 'Lưu các cấp'),
      error,
    );
    replace(levelsCard, h('h2', {}, 'Các cấp cơ quan'), form);
  }

  async function saveLevels(event: Event, form: HTMLFormElement, error: HTMLElement): Promise<void> {
    event.preventDefault();
    const levels = (form.elements.namedItem('levels') as HTMLTextAreaElement).value.split('\n').map((l) => l.trim()).filter(Boolean);
    try {
      const saved = await api<{ levels: string[] }>('PUT', '/api/offices/levels', { levels });
      toast(`Đã lưu các cấp cơ quan: ${saved.levels.join(', ')}.`);
      data = await api<OfficeTreeView>('GET', '/api/offices');
      renderList();
      renderLevels();
      renderEditor(editing);
    } catch (e) {
      error.textContent = messageOf(e);
      toast(messageOf(e), 'error');
    }
  }

  renderList();
  renderEditor(null);
  renderLevels();
}
