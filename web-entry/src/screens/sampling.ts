import type { PrintOptionsView, SamplingProgressView } from '../../../src/web/api.js';
import { api, messageOf, uploadRaw } from '../api.js';
import { fmt, h, replace, table, toast, type Child } from '../dom.js';
import { enumeratorProgressCard, printCard, printWithProgress, reprintCard, routesCard } from './fieldWork.js';
import { FIELD_STATE_LABELS, FIELD_STATUS_LABELS, RECHECK_OUTCOME_LABELS } from '../labels.js';
import { kioskCard } from './kiosks.js';
import type { ScreenContext } from '../screen.js';

/** What a register import found: rows kept, rows already known, and each bad row with its column and reason. */
interface ImportReport {
  file: string;
  upload: string;
  stored: boolean;
  alreadyImported?: boolean;
  rowsRead: number;
  goodRows: number;
  kept: number;
  alreadyKnown: number;
  bad: { row: number; column: string; reason: string }[];
  /** Offices the register added to the office tree, to be placed by someone allowed to. */
  /** Each with the note the server writes beside its name (level, last active day). */
  newOffices?: { name: string; note: string }[];
}
interface DrawParameters {
  seed?: string;
  reserveShare: number;
}

/** Planners: import the register, draw, download lists and forms, record field status, the re-check. */
export async function render(main: HTMLElement, { user }: ScreenContext): Promise<void> {
  const body = h('div');
  let lastImport: ImportReport | null = null;
  // Planners set up desk kiosks here; administrators do it in Quản trị, so they do not see the card twice.
  const kiosks = user.permissions.includes('kiosks') && !user.permissions.includes('users') && kioskCard();
  // Outside the parts each refresh redraws: a long print run's progress, the PDF it made and the fields being typed stay.
  const printing = h('div', { class: 'print-progress' });
  const field = h('div');
  const recheckPart = h('div');
  const printer = printCard(await api<PrintOptionsView>('GET', '/api/sampling/print-options'), () => void refresh());
  const routes = routesCard(() => void refresh());
  replace(main, h('section', {}, h('h1', {}, 'Chọn mẫu và phát phiếu'), printing, body, printer.element, routes.element, field, reprintCard(), recheckPart, kiosks));

  async function refresh(): Promise<void> {
    const [progress, recheck, enumerators, printOptions] = await Promise.all([
      api<SamplingProgressView>('GET', '/api/sampling/progress'),
      api<{ rows: { serial: number; phone: string; name: string | null; officeName: string | null; outcome: string | null }[] }>('GET', '/api/sampling/recheck'),
      enumeratorProgressCard(),
      api<PrintOptionsView>('GET', '/api/sampling/print-options'),
    ]);
    printer.setOffices(printOptions.offices);
    await routes.reload(progress.offices);
    const importResult = h('div', {}, lastImport && importSummary(lastImport));
    const fileInput = h('input', { type: 'file', accept: '.csv,.tsv,.txt,.xlsx', onchange: (e) => importRegister((e.currentTarget as HTMLInputElement).files?.[0], importResult) });
    const seed = h('input', { name: 'seed', placeholder: 'Hạt giống (để trống: theo giờ)' });
    const reserve = h('input', { name: 'reserve', type: 'number', step: '0.05', min: '0', max: '2', value: '0.2', size: 4 });
    const target = h('input', { name: 'target', placeholder: 'Số phiếu hoặc mã hồ sơ' });
    const status = h('select', { name: 'status' }, Object.entries(FIELD_STATUS_LABELS).map(([v, l]) => h('option', { value: v }, l)));
    replace(
      body,
      h('div', { class: 'card' },
        h('h2', {}, '1. Sổ hồ sơ đã giải quyết'),
        h('p', { class: 'muted' }, `Đang có ${fmt.format(progress.cases)} hồ sơ. Nhập tệp CSV (UTF-8/UTF-16, dấu phẩy, chấm phẩy hoặc tab) hoặc XLSX có các cột Mã hồ sơ, Cơ quan/Đơn vị, Họ và tên, Số điện thoại…`),
        h('label', { class: 'button' }, 'Chọn tệp sổ…', fileInput),
        importResult,
      ),
      h('div', { class: 'card' },
        h('h2', {}, '2. Chọn mẫu'),
        h('p', { class: 'muted' }, 'Chọn mẫu chỉ chọn các cơ quan chưa có danh sách; danh sách đã có được giữ nguyên. "Chọn lại" thay danh sách của một cơ quan khi chưa in phiếu nào của nó.'),
        h('form', { class: 'inline', onsubmit: async (e) => {
          e.preventDefault();
          try {
            const result = await api<{ drawId: number | null; kept: string[]; offices: string[]; skippedNote: string | null; emptyNote: string | null }>('POST', '/api/sampling/draw', { seed: seed.value || undefined, reserveShare: Number(reserve.value) });
            const kept = result.kept.length ? ` Giữ nguyên danh sách đã có của ${result.kept.length} cơ quan.` : '';
            // Offices no longer active are not drawn: the server names them.
            const skipped = result.skippedNote ? ` ${result.skippedNote}` : '';
            toast(result.drawId === null ? `${result.emptyNote ?? 'Mọi cơ quan đã có danh sách mẫu; không chọn lại. Muốn chọn lại một cơ quan: bấm "Chọn lại" ở dòng của nó.'}${skipped}` : `Đã chọn mẫu lần ${result.drawId} cho ${result.offices.length} cơ quan.${kept}${skipped}`);
            refresh();
          } catch (error) {
            toast(messageOf(error), 'error');
          }
        } }, seed, h('label', { class: 'inline' }, 'Tỉ lệ dự phòng', reserve), h('button', { type: 'submit', class: 'primary' }, 'Chọn mẫu')),
        progress.drawId
          ? table(['Cơ quan', 'Hồ sơ', 'Tối thiểu', 'Trong mẫu', FIELD_STATE_LABELS.printed, FIELD_STATE_LABELS.handedOut, FIELD_STATE_LABELS.returned, 'Từ chối / không liên lạc', 'Còn dự phòng', 'Tải về'], progress.offices.map((o) => [
              h('span', { class: o.short ? 'error' : '' }, o.officeName, o.short ? ' (thiếu mẫu)' : ''),
              fmt.format(o.cases), fmt.format(o.required), fmt.format(o.inSample), fmt.format(o.printed), fmt.format(o.handedOut), fmt.format(o.returned), fmt.format(o.refusedOrUnreachable), fmt.format(o.reserveLeft),
              h('span', {},
                ['pdf', 'xlsx', 'csv'].map((f) => [h('a', { href: `/api/sampling/offices/${encodeURIComponent(o.officeCode)}/list.${f}` }, f.toUpperCase()), ' ']),
                h('button', { class: 'link', onclick: () => printer.choose(o.officeCode) }, 'In phiếu…'), ' ',
                h('button', { class: 'link', onclick: () => redraw(o, { seed: seed.value || undefined, reserveShare: Number(reserve.value) }) }, 'Chọn lại'),
              ),
            ]))
          : h('p', { class: 'muted' }, 'Chưa chọn mẫu.'),
      )
    );
    replace(field, h('div', { class: 'card' },
        h('h2', {}, '5. Tình trạng phát phiếu'),
        h('form', { class: 'inline', onsubmit: async (e) => {
          e.preventDefault();
          try {
            const result = await api<{ replacement?: string; replacementOffice?: string; survey: string | null }>('POST', '/api/sampling/status', { target: target.value, status: status.value });
            toast(result.replacement ? `Đã ghi. Người thay thế: hồ sơ ${result.replacement}` : 'Đã ghi.');
            if (result.replacement && result.replacementOffice) {
              const survey = result.survey ?? 'sipas';
              await printWithProgress(printing, `/api/sampling/offices/${encodeURIComponent(result.replacementOffice)}/forms`, { survey, caseCodes: [result.replacement] }, `phieu-${survey}-${result.replacement}.pdf`);
            }
            refresh();
          } catch (error) {
            toast(messageOf(error), 'error');
          }
        } }, h('label', { class: 'inline' }, 'Phiếu', target), h('label', { class: 'inline' }, 'Tình trạng', status), h('button', { type: 'submit' }, 'Ghi nhận')),
      ), enumerators);
    replace(recheckPart, h('div', { class: 'card' },
        h('h2', {}, '8. Phúc tra'),
        h('button', { onclick: async () => { await api('POST', '/api/sampling/recheck', { share: 0.1 }); refresh(); } }, 'Chọn 10% phiếu đã thu để phúc tra'),
        recheck.rows.length > 0 && table(['Số phiếu', 'Số điện thoại', 'Họ tên', 'Cơ quan', 'Kết quả'], recheck.rows.map((r) => [
          r.serial, r.phone, r.name ?? '', r.officeName ?? '',
          h('select', { onchange: async (e) => { await api('POST', `/api/sampling/recheck/${r.serial}`, { outcome: (e.currentTarget as HTMLSelectElement).value }).catch((x: unknown) => toast(messageOf(x), 'error')); } },
            h('option', { value: '' }, '—'), Object.entries(RECHECK_OUTCOME_LABELS).map(([v, l]) => h('option', { value: v, selected: r.outcome === v }, l))),
        ])),
      ));
  }

  function importSummary(report: ImportReport): Child {
    if (!report.stored) {
      return [
        h('p', { class: 'error' }, `${report.file}: ${fmt.format(report.rowsRead)} dòng, ${fmt.format(report.bad.length)} lỗi — chưa lưu gì. Sửa các dòng lỗi rồi chọn lại tệp, hoặc chỉ lưu các dòng không lỗi.`),
        report.goodRows > 0 && h('button', { onclick: () => acceptPartial(report) }, `Chỉ lưu ${fmt.format(report.goodRows)} dòng không lỗi`),
        table(['Dòng', 'Cột', 'Lý do'], report.bad.slice(0, 200).map((e) => [e.row, e.column, e.reason])),
      ];
    }
    return [
      h('p', { class: report.bad.length ? 'error' : 'ok' }, report.alreadyImported ? `${report.file}: đã nhập trước đó, không thêm gì.` : `${report.file}: ${fmt.format(report.rowsRead)} dòng, giữ ${fmt.format(report.kept)}, đã có ${fmt.format(report.alreadyKnown)}, lỗi ${fmt.format(report.bad.length)}.`),
      report.bad.length > 0 && table(['Dòng', 'Cột', 'Lý do'], report.bad.slice(0, 200).map((e) => [e.row, e.column, e.reason])),
      (report.newOffices?.length ?? 0) > 0 && h('p', { class: 'muted new-offices' },
        `Cơ quan mới trong danh sách cơ quan: ${(report.newOffices ?? []).map((o) => `${o.name} (${o.note})`).join('; ')}. `,
        user.permissions.includes('offices') && h('a', { href: '#/co-quan' }, 'Xếp cấp và cơ quan cấp trên')),
    ];
  }

  async function acceptPartial(report: ImportReport): Promise<void> {
    try {
      lastImport = await api<ImportReport>('POST', `/api/sampling/register/${encodeURIComponent(report.upload)}/accept-partial`, { name: report.file });
      await refresh();
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }

  async function importRegister(file: File | undefined, result: HTMLElement): Promise<void> {
    if (!file) return;
    replace(result, h('p', {}, `Đang nhập ${file.name}…`));
    try {
      lastImport = await uploadRaw<ImportReport>(`/api/sampling/register?name=${encodeURIComponent(file.name)}`, file);
      await refresh();
    } catch (error) {
      replace(result, h('p', { class: 'error' }, messageOf(error)));
    }
  }

  // Re-drawing replaces the list enumerators may already carry: asked first, and refused by the server once a form is printed.
  async function redraw(office: SamplingProgressView['offices'][number], parameters: DrawParameters): Promise<void> {
    if (!confirm(`Chọn lại mẫu của ${office.officeName}? Danh sách hiện tại sẽ bị thay bằng danh sách mới. Không chọn lại được khi đã in hoặc phát phiếu của cơ quan này.`)) return;
    try {
      const result = await api<{ drawId: number }>('POST', `/api/sampling/offices/${encodeURIComponent(office.officeCode)}/redraw`, parameters);
      toast(`Đã chọn lại mẫu của ${office.officeName} (lần ${result.drawId}).`);
      refresh();
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }

  await refresh();
}
