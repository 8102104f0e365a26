import type { PortalRatioRow, ReportTemplateView, ResultsFigures, ResultsOptions } from '../../../src/web/api.js';
import { api, messageOf } from '../api.js';
import { distributionBar, percent, shareBars, shareLegend } from '../charts.js';
import { dmy, fmt, h, replace, table, toast, type Child } from '../dom.js';
import { BREAKDOWN_NAMES, CHANNEL_NAMES, RESULTS_HEADINGS } from '../labels.js';
import type { ScreenContext } from '../screen.js';

// Shown beside an office or group with too few counted forms to rank or read its shares.
const SMALL_SAMPLE = 'ít mẫu';
const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
const FILTER_KEYS = ['survey', 'office', 'level', 'channel', 'period', 'year', 'month', 'from', 'to'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;
type Group = ResultsFigures['breakdowns']['office'][number];

/** The filters kept in the address (#/ket-qua?survey=…), so a reload or a shared link shows the same figures. */
function filtersFromHash(): Filters {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const f = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as Filters;
  f.survey ||= 'sipas';
  f.period ||= 'all';
  f.year ||= String(new Date().getFullYear());
  f.month ||= String(new Date().getMonth() + 1).padStart(2, '0');
  return f;
}

/** The report's query from the screen's filters: a year or a month become a from–to range of days. */
function reportQuery(f: Filters): URLSearchParams {
  const q: Record<string, string> = { survey: f.survey, office: f.office, level: f.level, channel: f.channel };
  if (f.period === 'year') Object.assign(q, { from: `${f.year}-01-01`, to: `${f.year}-12-31` });
  if (f.period === 'month') {
    const last = new Date(Date.UTC(Number(f.year), Number(f.month), 0)).getUTCDate();
    Object.assign(q, { from: `${f.year}-${f.month}-01`, to: `${f.year}-${f.month}-${String(last).padStart(2, '0')}` });
  }
  if (f.period === 'range') Object.assign(q, { from: f.from, to: f.to });
  return new URLSearchParams(Object.entries(q).filter(([, v]) => v));
}

/** "Kết quả": satisfaction indices merged from paper and electronic answers, with charts, filterable. */
export async function render(main: HTMLElement, { user }: ScreenContext): Promise<void> {
  const options = await api<ResultsOptions>('GET', '/api/results/options');
  const filters = filtersFromHash();
  const form = h('form', { class: 'filters results-filters', onsubmit: (e) => e.preventDefault() });
  const downloads = h('div', { class: 'downloads' });
  const body = h('div', { class: 'results' });
  replace(main, h('section', {}, h('h1', {}, 'Kết quả khảo sát'), h('div', { class: 'card' }, form, downloads), user.permissions.includes('reportTemplate') && await templateCard(), body));
  let latest = 0;

  const levels = options.levels;
  const years = Array.from({ length: 6 }, (_, i) => String(new Date().getFullYear() - i));

  function select(name: keyof Filters, label: string, choices: readonly (readonly string[])[], value: string): HTMLElement {
    return h('label', { class: 'inline' }, label,
      h('select', { name, onchange: (e) => change(name, (e.currentTarget as HTMLSelectElement).value) }, choices.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
  }

  function renderFilters(): void {
    const offices = options.offices.filter((o) => !filters.level || o.level === filters.level);
    replace(form,
      select('survey', 'Phiếu', options.surveys.map((s) => [s.id, s.name]), filters.survey),
      select('level', 'Cấp cơ quan', [['', 'Tất cả cấp'], ...levels.map((l) => [l, l])], filters.level),
      select('office', 'Cơ quan', [['', RESULTS_HEADINGS.allOffices], ...offices.map((o) => [o.code, o.name])], filters.office),
      select('channel', 'Kênh', [['', 'Tất cả kênh'], ...Object.entries(CHANNEL_NAMES)], filters.channel),
      select('period', 'Kỳ', [['all', 'Toàn bộ thời gian'], ['year', BREAKDOWN_NAMES.year], ['month', BREAKDOWN_NAMES.month], ['range', 'Từ ngày … đến ngày']], filters.period),
      (filters.period === 'month') && select('month', 'Tháng', MONTHS.map((m) => [m, m]), filters.month),
      (filters.period === 'year' || filters.period === 'month') && select('year', 'Năm', years.map((y) => [y, y]), filters.year),
      filters.period === 'range' && [
        h('label', { class: 'inline' }, 'Từ', h('input', { type: 'date', name: 'from', value: filters.from, onchange: (e) => change('from', (e.currentTarget as HTMLInputElement).value) })),
        h('label', { class: 'inline' }, 'đến', h('input', { type: 'date', name: 'to', value: filters.to, onchange: (e) => change('to', (e.currentTarget as HTMLInputElement).value) })),
      ],
    );
    const query = reportQuery(filters);
    replace(downloads, user.permissions.includes('export') && [
      h('span', { class: 'muted' }, 'Tải báo cáo: '),
      h('a', { href: `/api/results/report.xlsx?${query}`, download: '' }, 'Bảng tính XLSX'), ' · ',
      h('a', { href: `/api/results/report.pdf?${query}`, download: '' }, 'Báo cáo PDF'), ' · ',
      h('a', { href: `/api/results/report.csv?${query}&table=indices`, download: '' }, 'CSV chỉ số'), ' · ',
      h('a', { href: `/api/results/report.csv?${query}&table=answers`, download: '' }, 'CSV câu trả lời'),
      h('span', { class: 'muted' }, ' (không có mã hồ sơ, họ tên hay số điện thoại)'),
    ]);
  }

  function change(name: keyof Filters, value: string): void {
    filters[name] = value;
    // An office outside the chosen level would give an empty report: drop it.
    if (name === 'level' && filters.office && !options.offices.some((o) => o.code === filters.office && (!value || o.level === value))) filters.office = '';
    const kept = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    history.replaceState(null, '', `#/ket-qua?${kept}`);
    load();
  }

  async function load(): Promise<void> {
    renderFilters();
    if (filters.period === 'range' && (!filters.from || !filters.to)) return void replace(body, h('p', { class: 'muted' }, 'Chọn ngày bắt đầu và ngày kết thúc.'));
    const request = ++latest;
    body.classList.add('loading');
    try {
      const report = await api<ResultsFigures>('GET', `/api/results?${reportQuery(filters)}`);
      if (request !== latest) return; // a newer choice of filters is on its way
      replace(body, figures(report, options));
    } catch (error) {
      if (request === latest) replace(body, h('p', { class: 'error' }, messageOf(error)));
    } finally {
      if (request === latest) body.classList.remove('loading');
    }
  }

  await load();
}

function figures(report: ResultsFigures, options: ResultsOptions): Child {
  const { totals, indices } = report;
  const measured = indices.criteria.length > 0;
  if (totals.returned === 0) return [h('div', { class: 'card' }, h('p', { class: 'muted empty' }, 'Chưa có phiếu nào trong phạm vi đã chọn.')), portalCard(report)];
  const levelOf = new Map(options.offices.map((o) => [o.code, o.level]));
  return [
    h('div', { class: 'tiles' },
      // A survey without the satisfaction scale has no index: its tiles are counts only.
      measured
        ? [tile(percent(indices.overall.satisfiedShare, 2), RESULTS_HEADINGS.overallIndex, 'overall'), tile(percent(indices.overall.dissatisfiedShare, 2), RESULTS_HEADINGS.overallDissatisfied)]
        : tile(fmt.format(totals.pending), 'Phiếu giấy đang chờ duyệt'),
      tile(`${fmt.format(totals.counted)} / ${fmt.format(totals.returned)}`, `${RESULTS_HEADINGS.counted} / đã nhận`, 'counted'),
      tile(fmt.format(report.adequacy.short.length),
        `${RESULTS_HEADINGS.officesShort}${report.adequacy.unknown.length ? `; ${fmt.format(report.adequacy.unknown.length)} cơ quan chưa rõ mẫu tối thiểu` : ''}`,
        report.adequacy.short.length || report.adequacy.unknown.length ? 'short' : ''),
    ),
    measured && h('div', { class: 'card' },
      h('h2', {}, RESULTS_HEADINGS.byElement),
      shareLegend(),
      shareBars([
        ...indices.elements.map((e) => ({ key: e.element, label: `${e.element}. ${e.label}`, value: e.satisfiedShare, second: e.dissatisfiedShare })),
        { key: 'overall', label: RESULTS_HEADINGS.overall, value: indices.overall.satisfiedShare, second: indices.overall.dissatisfiedShare, highlight: true },
      ]),
    ),
    measured && h('div', { class: 'card' },
      h('h2', {}, RESULTS_HEADINGS.byCriterion),
      shareLegend({ interval: true }),
      shareBars(indices.criteria.map((c) => ({
        key: c.criterion,
        // A scale question without a criterion code (the overall question) is named by its words alone.
        label: c.criterion === c.questionId ? c.label : `${c.criterion}. ${c.label}`,
        note: `(n = ${fmt.format(c.valid)}${c.blank + c.invalid ? `; bỏ trống ${c.blank}, không hợp lệ ${c.invalid}` : ''})`,
        value: c.satisfiedShare.value,
        low: c.satisfiedShare.low,
        high: c.satisfiedShare.high,
        second: c.dissatisfiedShare.value,
      }))),
    ),
    !measured && h('div', { class: 'card' },
      h('h2', {}, RESULTS_HEADINGS.distributions),
      h('p', { class: 'muted' }, 'Phiếu này không có câu hỏi theo thang đo năm mức hài lòng.'),
      h('figure', { class: 'chart' }, indices.distributions.map(distributionBar)),
    ),
    h('div', { class: 'card' },
      h('h2', {}, measured ? RESULTS_HEADINGS.officeRanking : RESULTS_HEADINGS.formsByOffice),
      measured
        // An office with fewer answers than the threshold carries no rank: its share is shown, flagged "ít mẫu".
        ? shareBars(report.breakdowns.office.map((g) => ({ key: g.key, label: `${g.rank ? `${g.rank}. ` : ''}${g.label}`, flag: g.smallSample ? SMALL_SAMPLE : null, note: `(${fmt.format(g.indices.forms)} phiếu${levelOf.get(g.key) ? `, cấp ${levelOf.get(g.key)}` : ''})`, value: g.indices.overall.satisfiedShare, second: g.indices.overall.dissatisfiedShare })))
        : table(['Cơ quan', RESULTS_HEADINGS.counted, 'Ghi chú'], report.breakdowns.office.map((g) => [g.label, fmt.format(g.indices.forms), g.smallSample ? SMALL_SAMPLE : ''])),
      report.breakdowns.office.some((g) => g.smallSample) && h('p', { class: 'muted' }, `Cơ quan có dưới ${fmt.format(report.settings.smallSampleBelow)} phiếu được tính được ghi "${SMALL_SAMPLE}" và không xếp hạng.`),
    ),
    h('div', { class: 'card results-groups' },
      (['channel', 'source', 'level', 'month'] as const).map((breakdown) => groupCard(BREAKDOWN_NAMES[breakdown], report.breakdowns[breakdown], measured)),
    ),
    procedureCard(report, measured),
    choicesCard(report.choices, report.settings.smallSampleBelow),
    portalCard(report),
    adequacyCard(report.adequacy, report.adequacyVerdict),
    exclusionsCard(report),
  ];
}

/** Index by field (lĩnh vực) and by procedure, each with its n and 95 % interval: many groups are small. */
function procedureCard(report: ResultsFigures, measured: boolean): HTMLElement {
  const groupTable = (groups: Group[], header: string) => groups.length === 0
    ? h('p', { class: 'muted' }, RESULTS_HEADINGS.noProcedures)
    : table(measured ? [header, 'Phiếu (n)', RESULTS_HEADINGS.overallShare, 'Khoảng tin cậy 95 %'] : [header, 'Phiếu (n)'], groups.map((g) => [
        groupLabel(g), fmt.format(g.indices.forms),
        ...(measured ? [percent(g.indices.overall.satisfiedShare), g.interval ? `${percent(g.interval.low)} – ${percent(g.interval.high)}` : '–'] : []),
      ]));
  return h('div', { class: 'card results-procedures' },
    h('h2', {}, 'Theo lĩnh vực và thủ tục hành chính'),
    measured && report.breakdowns.field.length > 0 && [
      shareLegend({ interval: true }),
      shareBars(report.breakdowns.field.map((g) => ({
        key: g.key, label: groupLabel(g), note: `(n = ${fmt.format(g.indices.forms)})`,
        value: g.indices.overall.satisfiedShare, low: g.interval?.low ?? null, high: g.interval?.high ?? null, second: g.indices.overall.dissatisfiedShare,
      }))),
    ],
    h('div', { class: 'results-groups' },
      h('div', { class: 'results-group', 'data-breakdown': 'field' }, h('h3', {}, BREAKDOWN_NAMES.field), groupTable(report.breakdowns.field, 'Lĩnh vực')),
      h('div', { class: 'results-group', 'data-breakdown': 'procedure' }, h('h3', {}, BREAKDOWN_NAMES.procedure), groupTable(report.breakdowns.procedure, 'Thủ tục')),
    ),
  );
}

/** The wishes (mong đợi): each option's share of those who answered, overall as bars, then office by office. */
function choicesCard(choices: ResultsFigures['choices'], smallSampleBelow: number): HTMLElement | null {
  if (!choices || choices.overall.questions.length === 0) return null;
  return h('div', { class: 'card results-choices' },
    h('h2', {}, RESULTS_HEADINGS.wishes),
    choices.overall.questions.map((q, i) => [
      h('p', { class: 'muted' }, `${q.label} — trả lời hợp lệ ${fmt.format(q.valid)}, bỏ trống ${fmt.format(q.blank)}, không hợp lệ ${fmt.format(q.invalid)}${q.maxChoices ? ` (chọn quá ${q.maxChoices})` : ''}.`),
      shareBars(q.options.map((o) => ({ key: o.code, label: o.label, note: `(${fmt.format(o.count)} người)`, value: o.share }))),
      choices.offices.length > 0 && h('div', { class: 'choices-offices' }, table(
        ['Cơ quan', 'Hợp lệ', ...q.options.map((o) => o.label)],
        choices.offices.map((g) => {
          const own = g.questions[i];
          return [groupLabel({ label: g.label, smallSample: g.forms < smallSampleBelow }), fmt.format(own.valid), ...own.options.map((o) => `${fmt.format(o.count)} (${percent(o.share)})`)];
        }),
      )),
    ]),
  );
}

/**
 * The one-stop portal's ratings (Decision 766/QĐ-TTg): per office the share rated satisfied or very satisfied, with
 * its n and 95 % interval, beside the office's SIPAS index. Offices are listed by name, never ranked.
 */
function portalCard(report: ResultsFigures): HTMLElement | null {
  const portal = report.portal;
  if (!portal || portal.overall.ratings === 0) return null;
  const row = (r: PortalRatioRow, label: Child): Child[] => [
    label, fmt.format(r.ratings), fmt.format(r.verySatisfied), fmt.format(r.satisfied), fmt.format(r.dissatisfied),
    percent(r.satisfiedShare.value), r.satisfiedShare.low === null ? '–' : `${percent(r.satisfiedShare.low)} – ${percent(r.satisfiedShare.high)}`,
    r.sipasForms ? `${percent(r.sipasIndex)} (${fmt.format(r.sipasForms)} phiếu)` : '–',
  ];
  return h('div', { class: 'card results-portal' },
    h('h2', {}, RESULTS_HEADINGS.portal),
    h('p', { class: 'muted' }, `Tỷ lệ hài lòng = (Rất hài lòng + Hài lòng) / số hồ sơ được đánh giá, mỗi hồ sơ một đánh giá; bên cạnh là chỉ số hài lòng chung SIPAS của cùng cơ quan. ${RESULTS_HEADINGS.portalFewRatings.replace('{n}', fmt.format(report.settings.smallSampleBelow))}`),
    shareBars(portal.offices.map((r) => ({
      key: r.officeCode ?? '', label: r.officeName, flag: r.smallSample ? SMALL_SAMPLE : null, note: `(n = ${fmt.format(r.ratings)})`,
      value: r.satisfiedShare.value, low: r.satisfiedShare.low, high: r.satisfiedShare.high,
    }))),
    table(['Cơ quan', 'Đánh giá (n)', 'Rất hài lòng', 'Hài lòng', 'Không hài lòng', RESULTS_HEADINGS.portalRatio, 'Khoảng tin cậy 95 %', 'Chỉ số SIPAS'], [
      ...portal.offices.map((r) => row(r, groupLabel({ label: r.officeName, smallSample: r.smallSample }))),
      row(portal.overall, h('strong', {}, portal.overall.officeName)),
    ]),
    portal.overall.notInRegister > 0 && h('p', { class: 'muted' }, RESULTS_HEADINGS.portalNotInRegister.replace('{n}', fmt.format(portal.overall.notInRegister))),
  );
}

const TEMPLATE_FIELDS = [
  ['parentAgency', 'Cơ quan chủ quản'], ['agency', 'Cơ quan ban hành'], ['number', 'Số'], ['symbol', 'Ký hiệu'], ['place', 'Địa danh'],
  ['title', 'Tên loại văn bản'], ['summary', 'Trích yếu'],
] as const;
const SIGNER_FIELDS = [['authority', 'Quyền hạn ký (KT., TL., TM. …)'], ['position', 'Chức vụ người ký'], ['name', 'Họ và tên người ký']] as const;

/**
 * The printed report's document fields (Decree 30/2020/NĐ-CP), for those allowed to change them. The server checks
 * them with the template's schema and says in Vietnamese what is wrong; the next PDF carries what was saved.
 */
async function templateCard(): Promise<HTMLElement> {
  const template = await api<ReportTemplateView>('GET', '/api/results/template');
  const error = h('p', { class: 'error', role: 'alert' });
  const input = (name: string, label: string, value: string) => h('label', {}, label, h('input', { name, value, size: name === 'summary' ? 80 : 36 }));
  const form: HTMLFormElement = h('form', { class: 'report-template', onsubmit: (e: SubmitEvent) => save(e) },
    TEMPLATE_FIELDS.map(([name, label]) => input(name, label, template[name])),
    h('label', {}, 'Nơi nhận (mỗi dòng một nơi)', h('textarea', { name: 'recipients', rows: 4, cols: 60 }, template.recipients.join('\n'))),
    SIGNER_FIELDS.map(([name, label]) => input(`signer.${name}`, label, template.signer[name])),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Lưu mẫu văn bản')),
    error,
  );
  async function save(event: Event): Promise<void> {
    event.preventDefault();
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement).value;
    const body: ReportTemplateView = {
      ...(Object.fromEntries(TEMPLATE_FIELDS.map(([name]) => [name, value(name)])) as Omit<ReportTemplateView, 'recipients' | 'signer'>),
      recipients: value('recipients').split('\n').map((l) => l.trim()).filter(Boolean),
      signer: Object.fromEntries(SIGNER_FIELDS.map(([name]) => [name, value(`signer.${name}`)])) as ReportTemplateView['signer'],
    };
    try {
      await api<ReportTemplateView>('PUT', '/api/results/template', body);
      error.textContent = '';
      toast('Đã lưu mẫu văn bản: báo cáo PDF tải từ nay mang các thông tin này.');
    } catch (e) {
      error.textContent = messageOf(e);
      toast(messageOf(e), 'error');
    }
  }
  return h('details', { class: 'card' }, h('summary', {}, 'Mẫu văn bản của báo cáo PDF (Nghị định 30/2020/NĐ-CP)'), form);
}

function tile(value: string, label: string, kind = ''): HTMLElement {
  return h('div', { class: `tile ${kind}`, role: 'group', 'aria-label': label }, h('strong', {}, value), h('span', {}, label));
}

function groupCard(title: string, groups: Group[], measured: boolean): HTMLElement {
  return h('div', { class: 'results-group' },
    h('h3', {}, title),
    groups.length === 0
      ? h('p', { class: 'muted' }, 'Không có.')
      : table(measured ? ['', 'Phiếu', 'Hài lòng', 'Không hài lòng'] : ['', 'Phiếu'], groups.map((g) => [
          groupLabel(g), fmt.format(g.indices.forms),
          ...(measured ? [percent(g.indices.overall.satisfiedShare), percent(g.indices.overall.dissatisfiedShare)] : []),
        ])),
  );
}

/** A group's name, with the small-sample flag where it has too few answers to read its shares. */
function groupLabel(g: Pick<Group, 'label' | 'smallSample'>): Child {
  return g.smallSample ? [g.label, h('span', { class: 'small-sample' }, SMALL_SAMPLE)] : g.label;
}

function adequacyCard(adequacy: ResultsFigures['adequacy'], verdict: string): HTMLElement {
  const rows = adequacy.offices;
  return h('div', { class: 'card' },
    h('h2', {}, RESULTS_HEADINGS.adequacy),
    h('p', { class: adequacy.short.length || adequacy.unknown.length ? 'adequacy-verdict notice' : 'adequacy-verdict muted' }, verdict),
    rows.length === 0
      ? h('p', { class: 'muted' }, RESULTS_HEADINGS.noOfficeFigures)
      : h('table', { class: 'adequacy' },
          h('thead', {}, h('tr', {}, ['Cơ quan', 'Cấp', RESULTS_HEADINGS.round, 'Hồ sơ', 'Tối thiểu', CHANNEL_NAMES.paper, 'Điện tử', 'Tổng', 'Thiếu', 'Tiến độ'].map((x) => h('th', {}, x)))),
          h('tbody', {}, rows.map((a) => h('tr', { class: a.status === 'enough' ? '' : a.status, 'data-office': a.officeCode },
            h('td', {}, a.officeName, a.smallSample && h('span', { class: 'small-sample' }, SMALL_SAMPLE)), h('td', {}, a.level ?? ''),
            h('td', {}, a.round ? `${dmy(a.round.from)} – ${dmy(a.round.to)}` : ''),
            h('td', {}, fmt.format(a.cases)), h('td', {}, a.required === null ? 'chưa rõ' : fmt.format(a.required)),
            h('td', {}, fmt.format(a.counted.paper)), h('td', {}, fmt.format(a.counted.electronic)), h('td', {}, fmt.format(a.total)),
            h('td', {}, a.shortfall > 0 ? fmt.format(a.shortfall) : '–'),
            h('td', {}, h('div', { class: 'adequacy-bar' }, h('div', { style: { width: `${a.required ? Math.min(100, (a.total / a.required) * 100) : a.required === 0 ? 100 : 0}%` } }))),
          ))),
        ),
  );
}

function exclusionsCard(report: ResultsFigures): HTMLElement {
  const { totals } = report;
  return h('div', { class: 'card' },
    h('h2', {}, RESULTS_HEADINGS.excluded),
    h('p', { class: 'muted' }, `${fmt.format(totals.excluded)} phiếu không được tính, trong đó ${fmt.format(totals.pending)} phiếu giấy đang chờ duyệt (sẽ được tính khi duyệt xong).`),
    totals.byReason.length > 0 && table(['Lý do', 'Số phiếu'], totals.byReason.map((r) => [r.label, fmt.format(r.count)])),
    table(['Kênh', 'Đã nhận', 'Được tính'], totals.byChannel.map((c) => [c.label, fmt.format(c.returned), fmt.format(c.counted)])),
  );
}
