import type { EnumeratorProgressView, OfficeRoutesView, PrintOptionsView, RouteShareView, TaskState } from '../../../src/web/api.js';
import { api, downloadPost, messageOf } from '../api.js';
import { fmt, h, progressBar, replace, table, toast, type Child } from '../dom.js';
import { FIELD_STATE_LABELS } from '../labels.js';

/** A card whose heading names it for screen readers and for finding it (`role=region`). */
function card(id: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

const field = (label: string, input: HTMLElement) => h('label', { class: 'inline' }, label, input);

const offered = new WeakMap<HTMLElement, string>();

/** The link in `shown` offering a file the page was given; the one it offered before is let go. */
function offerFile(shown: HTMLElement, blob: Blob, fileName: string): HTMLAnchorElement {
  const before = offered.get(shown);
  if (before) URL.revokeObjectURL(before);
  const url = URL.createObjectURL(blob);
  offered.set(shown, url);
  return h('a', { href: url, download: fileName, class: 'button' }, `Tải tệp PDF (${fileName})`);
}

/**
 * Prints forms: a POST whose answer is the PDF, streamed while the server counts the copies done. The page polls that
 * count into a progress bar (the page stays usable: the PDF arrives in the background), then offers the PDF in `shown`
 * with the link focused, so Enter saves it. Returns whether it printed.
 */
export async function printWithProgress(shown: HTMLElement, url: string, body: unknown, fileName: string): Promise<boolean> {
  replace(shown, progressBar(0, 0, 'Đang chuẩn bị in phiếu…'));
  const watch = setInterval(async () => {
    const task = await api<TaskState>('GET', '/api/tasks/print').catch(() => null);
    if (task?.running) replace(shown, progressBar(task.done, task.total, `${task.label}: ${fmt.format(task.done)}/${fmt.format(task.total)} phiếu`));
  }, 500);
  try {
    const pdf = await downloadPost(url, body);
    clearInterval(watch);
    const link = offerFile(shown, pdf, fileName);
    replace(shown, h('p', { class: 'ok' }, 'Đã in xong. ', link));
    link.focus();
    toast('Đã in xong; bấm "Tải tệp PDF" để lưu.');
    return true;
  } catch (error) {
    clearInterval(watch);
    replace(shown, h('p', { class: 'error', role: 'alert' }, messageOf(error)));
    toast(messageOf(error), 'error');
    return false;
  }
}

/**
 * "In phiếu": any survey, for an office — personalised forms for its sample where the survey prints the respondent,
 * or a number of blank numbered forms (one-stop desks, ballot boxes). `choose` puts an office in and the cursor on
 * the survey.
 */
export function printCard(
  options: PrintOptionsView,
  afterPrint: () => void,
): { element: HTMLElement; choose: (officeCode: string) => void; setOffices: (offices: PrintOptionsView['offices']) => void } {
  const survey = h('select', { name: 'survey' }, options.surveys.map((s) => h('option', { value: s.id }, s.name)));
  const sampleKind = h('option', { value: 'sample' }, 'Ghi sẵn tên, cho người trong mẫu');
  const kind = h('select', { name: 'kind' }, sampleKind, h('option', { value: 'blank' }, 'Phiếu trắng đánh số (bộ phận một cửa, hòm phiếu)'));
  const office = h('select', { name: 'office' });
  const officeOptions = (offices: PrintOptionsView['offices'], chosen: string) => [
    h('option', { value: '' }, '(không ghi cơ quan)'),
    offices.map((o) => h('option', { value: o.code, selected: o.code === chosen }, o.name)),
  ];
  replace(office, officeOptions(options.offices, options.offices[0]?.code ?? ''));
  const copies = h('input', { name: 'copies', type: 'number', min: '1', max: '5000', value: '50', size: 6 });
  const result = h('div', { role: 'status' });
  const chosen = () => options.surveys.find((s) => s.id === survey.value);
  function settle(): void {
    const personalised = chosen()?.personalised ?? false;
    sampleKind.disabled = !personalised;
    if (!personalised) kind.value = 'blank';
    copies.disabled = kind.value !== 'blank';
  }
  survey.addEventListener('change', settle);
  kind.addEventListener('change', settle);
  settle();

  async function print(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const s = chosen();
    if (!s) return;
    if (kind.value === 'sample') {
      if (!office.value) return void replace(result, h('p', { class: 'error', role: 'alert' }, 'Chọn cơ quan có mẫu để in phiếu ghi sẵn tên.'));
      if (await printWithProgress(result, `/api/sampling/offices/${encodeURIComponent(office.value)}/forms`, { survey: s.id }, `phieu-${s.id}-${office.value}.pdf`)) afterPrint();
      return;
    }
    const body = { survey: s.id, copies: Number(copies.value), office: office.value || undefined };
    if (await printWithProgress(result, '/api/sampling/blank-forms', body, `phieu-trang-${s.id}${office.value ? `-${office.value}` : ''}.pdf`)) afterPrint();
  }

  const element = card('in-phieu', '3. In phiếu',
    h('p', { class: 'muted' }, 'Phiếu ghi sẵn tên in cho những người trong mẫu chưa có phiếu của mẫu phiếu này. Phiếu trắng có số phiếu riêng và tên cơ quan, để đặt ở bộ phận một cửa hoặc hòm phiếu.'),
    h('form', { class: 'filters', onsubmit: print }, field('Mẫu phiếu', survey), field('Loại phiếu', kind), field('Cơ quan', office), field('Số bản', copies), h('button', { type: 'submit', class: 'primary' }, 'In phiếu')),
    result,
  );
  return {
    element,
    choose: (officeCode) => {
      office.value = officeCode;
      element.scrollIntoView();
      survey.focus();
    },
    // A register imported on this screen adds offices: the choice made stays.
    setOffices: (offices) => replace(office, officeOptions(offices, office.value)),
  };
}

/**
 * "Điều tra viên và tuyến": an office's list shared by ward or commune between enumerators — evenly among names,
 * or one ward to one name — who carries what and how many people, and each one's list to print.
 */
export function routesCard(afterChange: () => void): { element: HTMLElement; reload: (offices: { officeCode: string; officeName: string }[]) => Promise<void> } {
  const office = h('select', { name: 'routesOffice' });
  const routes = h('select', { name: 'route' });
  const split = h('input', { name: 'split', size: 30, placeholder: 'Tên, cách nhau bằng dấu phẩy' });
  const assignee = h('input', { name: 'enumerator', size: 18 });
  const error = h('p', { class: 'error', role: 'alert' });
  const shown = h('div');
  let offices: { officeCode: string; officeName: string }[] = [];

  function draw(view: OfficeRoutesView): void {
    const picked = routes.value;
    replace(routes, view.routes.map((r) => h('option', { value: r.route, selected: r.route === picked }, `${r.route} (${fmt.format(r.people)} người)`)));
    const byName = new Map<string, RouteShareView[]>();
    for (const r of view.routes) if (r.enumerator !== null) byName.set(r.enumerator, [...(byName.get(r.enumerator) ?? []), r]);
    const nobody = view.routes.filter((r) => r.enumerator === null);
    const listUrl = (name: string) => `/api/sampling/offices/${encodeURIComponent(view.officeCode)}/list.pdf?enumerator=${encodeURIComponent(name)}`;
    replace(shown,
      table(['Tuyến', 'Số người', 'Điều tra viên'], view.routes.map((r) => [r.route, fmt.format(r.people), r.enumerator ?? h('span', { class: 'muted' }, 'chưa giao')])),
      byName.size > 0 &&
        h('table', { class: 'enumerators' },
          h('thead', {}, h('tr', {}, ['Điều tra viên', 'Số tuyến', 'Số người', 'Danh sách'].map((x) => h('th', {}, x)))),
          h('tbody', {}, [...byName].sort(([a], [b]) => a.localeCompare(b, 'vi')).map(([name, mine]) =>
            h('tr', { 'data-enumerator': name },
              h('th', { scope: 'row' }, name),
              h('td', {}, fmt.format(mine.length)),
              h('td', {}, fmt.format(mine.reduce((n, r) => n + r.people, 0))),
              h('td', {}, h('a', { href: listUrl(name), download: `danh-sach-${view.officeCode}-${name}.pdf` }, `In danh sách của ${name} (PDF)`)),
            ))),
        ),
      nobody.length > 0 && h('p', { class: 'muted' }, `Chưa giao: ${nobody.length} tuyến, ${fmt.format(nobody.reduce((n, r) => n + r.people, 0))} người.`),
    );
  }

  async function show(): Promise<void> {
    if (!office.value) return void replace(shown, h('p', { class: 'muted' }, 'Chưa chọn mẫu.'));
    draw(await api<OfficeRoutesView>('GET', `/api/sampling/offices/${encodeURIComponent(office.value)}/routes`));
  }

  async function change(event: SubmitEvent, body: { split?: string[]; assign?: { route: string; enumerator: string }[] }, done: () => void): Promise<void> {
    event.preventDefault();
    error.textContent = '';
    try {
      draw(await api<OfficeRoutesView>('POST', `/api/sampling/offices/${encodeURIComponent(office.value)}/routes`, body));
      done();
      toast('Đã giao tuyến.');
      afterChange();
    } catch (e) {
      error.textContent = messageOf(e);
      toast(messageOf(e), 'error');
    }
  }

  office.addEventListener('change', () => void show().catch((e: unknown) => toast(messageOf(e), 'error')));
  const element = card('dieu-tra-vien', '4. Điều tra viên và tuyến',
    h('p', { class: 'muted' }, 'Mỗi tuyến là một phường, xã trong địa chỉ của người trong mẫu; một tuyến chỉ giao trọn cho một người. Chia đều: tuyến lớn trước, cho người đang ít người nhất.'),
    field('Cơ quan', office),
    h('form', { class: 'inline', onsubmit: (e: SubmitEvent) => change(e, { split: split.value.split(',').map((n) => n.trim()).filter(Boolean) }, () => (split.value = '')) },
      field('Chia đều cho', split), h('button', { type: 'submit' }, 'Chia tuyến')),
    h('form', { class: 'inline', onsubmit: (e: SubmitEvent) => change(e, { assign: [{ route: routes.value, enumerator: assignee.value }] }, () => (assignee.value = '')) },
      field('Tuyến', routes), field('Giao cho', assignee), h('button', { type: 'submit' }, 'Giao tuyến')),
    error,
    shown,
  );
  return {
    element,
    reload: async (list) => {
      const same = list.length === offices.length && list.every((o, i) => o.officeCode === offices[i].officeCode);
      offices = list;
      if (!same) replace(office, list.map((o) => h('option', { value: o.officeCode, selected: o.officeCode === office.value }, o.officeName)));
      await show();
    },
  };
}

/** "Tiến độ theo điều tra viên": per office and enumerator, forms handed out, back, and still out. */
export async function enumeratorProgressCard(): Promise<HTMLElement> {
  const { rows } = await api<EnumeratorProgressView>('GET', '/api/sampling/enumerators');
  return card('tien-do-dieu-tra-vien', '6. Tiến độ theo điều tra viên',
    rows.length === 0
      ? h('p', { class: 'muted' }, 'Chưa chọn mẫu.')
      : h('table', { class: 'enumerator-progress' },
          h('thead', {}, h('tr', {}, ['Cơ quan', 'Điều tra viên', 'Số tuyến', 'Trong mẫu', FIELD_STATE_LABELS.printed, FIELD_STATE_LABELS.handedOut, FIELD_STATE_LABELS.returned, 'Chưa thu về', 'Từ chối / không liên lạc'].map((x) => h('th', {}, x)))),
          h('tbody', {}, rows.map((r) =>
            h('tr', {},
              h('td', {}, r.officeName),
              h('th', { scope: 'row' }, r.enumerator ?? h('span', { class: 'muted' }, 'chưa giao')),
              [r.routes, r.inSample, r.printed, r.handedOut, r.returned, r.handedOut - r.returned, r.refusedOrUnreachable].map((n) => h('td', {}, fmt.format(n))),
            ))),
        ),
  );
}

/** "In lại một phiếu": a form lost or spoiled in the field, again with its own serial, marked as a reprint. */
export function reprintCard(): HTMLElement {
  const serial = h('input', { name: 'reprintSerial', inputmode: 'numeric', pattern: '[0-9]{1,9}', required: true, size: 12 });
  const reason = h('input', { name: 'reason', size: 30, placeholder: 'ví dụ: mất khi phát' });
  const result = h('div', { role: 'status' });
  async function reprint(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const number = serial.value.trim();
    await printWithProgress(result, `/api/sampling/forms/${encodeURIComponent(number)}/reprint`, { reason: reason.value || undefined }, `phieu-${number}-in-lai.pdf`);
  }
  return card('in-lai', '7. In lại một phiếu',
    h('p', { class: 'muted' }, 'Phiếu in lại giữ nguyên số phiếu và ghi "In lại lần n". Không in lại phiếu đã thu về hoặc đã quét.'),
    h('form', { class: 'inline', onsubmit: reprint }, field('Số phiếu cần in lại', serial), field('Lý do', reason), h('button', { type: 'submit' }, 'In lại')),
    result,
  );
}
