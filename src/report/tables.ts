import { BREAKDOWN_NAMES, CHANNEL_NAMES, type Breakdown, type GroupResult, type ResultsReport } from '../results/buildReport.js';
import type { ChoicesGroup } from '../results/choices.js';
import type { IndexSet } from '../results/indices.js';
import type { PortalRatios } from '../results/portalRatios.js';
import { RESULTS_HEADINGS } from '../results/headings.js';

/** How a column's values are written: shares are fractions (0.7333) that each format shows its own way. */
export type ColumnKind = 'text' | 'count' | 'share';
export type CellValue = string | number | null;

export interface ReportColumn {
  header: string;
  kind: ColumnKind;
  /** Relative width, for the workbook and the PDF. */
  width: number;
}

/** One table of a report, the same for the workbook, the CSV and the PDF. */
export interface ReportTable {
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: CellValue[][];
}

const text = (header: string, width = 14): ReportColumn => ({ header, kind: 'text', width });
const count = (header: string, width = 10): ReportColumn => ({ header, kind: 'count', width });
const share = (header: string, width = 10): ReportColumn => ({ header, kind: 'share', width });

export function criteriaTable(indices: IndexSet): ReportTable {
  return {
    id: 'criteria',
    title: 'Theo tiêu chí',
    columns: [
      text('Yếu tố', 7), text('Tiêu chí', 8), text('Nội dung', 50), count('Hợp lệ (n)'), count('Bỏ trống'), count('Không hợp lệ'),
      count('Hài lòng'), share('Tỷ lệ hài lòng'), share('Cận dưới 95 %'), share('Cận trên 95 %'),
      count('Không hài lòng'), share(RESULTS_HEADINGS.dissatisfied), share('Cận dưới 95 %'), share('Cận trên 95 %'),
    ],
    rows: indices.criteria.map((c) => [
      c.element ?? '', c.criterion, c.label, c.valid, c.blank, c.invalid,
      c.satisfied, c.satisfiedShare.value, c.satisfiedShare.low, c.satisfiedShare.high,
      c.dissatisfied, c.dissatisfiedShare.value, c.dissatisfiedShare.low, c.dissatisfiedShare.high,
    ]),
  };
}

export function elementsTable(indices: IndexSet): ReportTable {
  return {
    id: 'elements',
    title: 'Theo yếu tố',
    columns: [text('Yếu tố', 7), text('Tên yếu tố', 50), count('Số tiêu chí'), count('Câu trả lời hợp lệ'), share('Tỷ lệ hài lòng'), share(RESULTS_HEADINGS.dissatisfied)],
    rows: [
      ...indices.elements.map((e) => [e.element, e.label, e.criteria, e.valid, e.satisfiedShare, e.dissatisfiedShare]),
      ['', 'Chỉ số chung (trung bình các yếu tố)', indices.overall.elements, null, indices.overall.satisfiedShare, indices.overall.dissatisfiedShare],
    ],
  };
}

/** A breakdown's groups, with the overall index and each element's: the office ranking when it is by office. */
export function groupsTable(report: ResultsReport, breakdown: Breakdown): ReportTable {
  const elements = report.indices.elements.map((e) => e.element);
  const groups = report.breakdowns[breakdown];
  const byOffice = breakdown === 'office';
  // Procedures and fields are many and small: their index comes with its interval, so a short one is read as such.
  const withInterval = breakdown === 'procedure' || breakdown === 'field';
  const groupHeader = byOffice ? 'Cơ quan' : breakdown === 'procedure' ? 'Thủ tục hành chính' : breakdown === 'field' ? 'Lĩnh vực' : 'Nhóm';
  return {
    id: breakdown,
    title: BREAKDOWN_NAMES[breakdown],
    columns: [
      ...(byOffice ? [count('Hạng', 7)] : []),
      text(groupHeader, 36),
      ...(byOffice ? [text('Cấp', 10)] : []),
      count(withInterval ? `${RESULTS_HEADINGS.counted} (n)` : RESULTS_HEADINGS.counted),
      share(RESULTS_HEADINGS.overallShare),
      ...(withInterval ? [share('Cận dưới 95 %'), share('Cận trên 95 %')] : []),
      share('Không hài lòng chung'),
      ...elements.map((e) => share(`Yếu tố ${e}`, 9)),
      text('Ghi chú', 9),
    ],
    rows: groups.map((g) => [
      ...(byOffice ? [g.rank] : []),
      g.label,
      ...(byOffice ? [levelOf(report, g)] : []),
      g.indices.forms,
      g.indices.overall.satisfiedShare,
      ...(withInterval ? [g.interval?.low ?? null, g.interval?.high ?? null] : []),
      g.indices.overall.dissatisfiedShare,
      ...elements.map((e) => g.indices.elements.find((x) => x.element === e)?.satisfiedShare ?? null),
      smallSampleNote(g.smallSample),
    ]),
  };
}

/** The words a group with fewer answers than the threshold carries wherever it is shown. */
export const SMALL_SAMPLE = 'ít mẫu';
const smallSampleNote = (small: boolean) => (small ? SMALL_SAMPLE : '');

/** A ranked office is numbered; one with a small sample is not, and says so. */
export function officeBarLabel(g: GroupResult): string {
  return `${g.rank === null ? '' : `${g.rank}. `}${g.label} (${g.indices.forms} phiếu${g.smallSample ? `, ${SMALL_SAMPLE}` : ''})`;
}

function levelOf(report: ResultsReport, group: GroupResult): string {
  return report.adequacy.offices.find((a) => a.officeCode === group.key)?.level ?? '';
}

export function adequacyTable(report: ResultsReport): ReportTable {
  return {
    id: 'adequacy',
    title: 'Đủ mẫu theo cơ quan',
    columns: [
      text('Cơ quan', 36), text('Cấp', 10), text(RESULTS_HEADINGS.round, 18), count('Hồ sơ'), count('Mẫu tối thiểu'), count('Phiếu giấy hợp lệ'), count('Phiếu điện tử hợp lệ'),
      count('Tổng hợp lệ'), count('Còn thiếu'), text('Ghi chú', 24),
    ],
    rows: report.adequacy.offices.map((a) => [
      a.officeName, a.level ?? '', a.round ? `${formatDate(a.round.from) ?? '…'} – ${formatDate(a.round.to) ?? '…'}` : '', a.cases, a.required,
      a.counted.paper, a.counted.electronic, a.total, a.shortfall,
      [a.status === 'unknown' ? 'chưa rõ mẫu tối thiểu' : '', smallSampleNote(a.smallSample)].filter(Boolean).join('; '),
    ]),
  };
}

/**
 * What the report says of adequacy in one sentence. Every office is called adequate only when each reached a known
 * minimum: an office with answers but no round or case in the period is named, never counted as adequate.
 */
export function adequacyVerdict(report: ResultsReport): string {
  const { offices, short, unknown } = report.adequacy;
  if (!offices.length) return RESULTS_HEADINGS.noOfficeFigures;
  const parts = [
    short.length && `${short.length} cơ quan chưa đủ số phiếu hợp lệ tối thiểu: ${short.map((a) => `${a.officeName} (thiếu ${a.shortfall.toLocaleString('vi-VN')})`).join('; ')}.`,
    unknown.length && `${unknown.length} cơ quan chưa xác định được mẫu tối thiểu (không có đợt chọn mẫu hay hồ sơ trong kỳ): ${unknown.map((a) => a.officeName).join('; ')}.`,
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : 'Mọi cơ quan đã đủ số phiếu hợp lệ tối thiểu.';
}

export function exclusionsTable(report: ResultsReport): ReportTable {
  return {
    id: 'exclusions',
    title: RESULTS_HEADINGS.excluded,
    columns: [text('Mã phiếu', 22), text('Kênh', 14), text('Nguồn', 20), text('Cơ quan', 30), text('Mã hồ sơ', 20), text('Ngày trả lời', 18), text('Lý do', 44), text('Phiếu được tính thay', 30)],
    rows: report.exclusions.map((e) => [e.key, CHANNEL_NAMES[e.channel], e.sourceName, e.officeName, e.caseCode, e.answeredOn, e.reasonLabel, e.keptKeys.join(', ')]),
  };
}

export function reasonsTable(report: ResultsReport): ReportTable {
  return {
    id: 'reasons',
    title: 'Lý do không tính',
    columns: [text('Lý do', 56), count('Số phiếu')],
    rows: report.totals.byReason.map((r) => [r.label, r.count]),
  };
}

export function distributionsTable(indices: IndexSet): ReportTable {
  return {
    id: 'distributions',
    title: RESULTS_HEADINGS.distributions,
    columns: [text('Câu', 10), text('Nội dung', 50), text('Phương án', 28), count('Số trả lời'), share('Tỷ lệ (trên số hợp lệ)')],
    rows: indices.distributions.flatMap((d) => [
      ...d.options.map((o) => [d.questionId, d.label, `${o.code}. ${o.label}`, o.count, o.share]),
      [d.questionId, d.label, 'Bỏ trống', d.blank, null],
      [d.questionId, d.label, 'Không hợp lệ', d.invalid, null],
    ]),
  };
}

/**
 * The multiple-answer questions (the wishes, mong đợi) option by option: respondents choosing each and their share
 * of those who answered the question validly, for all offices together and then office by office.
 */
export function choicesTable(report: ResultsReport): ReportTable {
  const { overall, offices } = report.choices;
  const rowsOf = (office: string, group: ChoicesGroup): CellValue[][] =>
    group.questions.flatMap((q) => [
      ...q.options.map((o) => [office, q.questionId, q.label, `${o.code}. ${o.label}`, o.count, o.share, q.valid]),
      [office, q.questionId, q.label, 'Bỏ trống', q.blank, null, q.valid],
      [office, q.questionId, q.label, q.maxChoices === null ? 'Không hợp lệ' : `Không hợp lệ (chọn quá ${q.maxChoices})`, q.invalid, null, q.valid],
    ]);
  return {
    id: 'choices',
    title: `${RESULTS_HEADINGS.wishes} (câu nhiều lựa chọn)`,
    columns: [text('Cơ quan', 30), text('Câu', 10), text('Nội dung', 40), text('Phương án', 40), count('Số người chọn'), share('Tỷ lệ (trên số trả lời hợp lệ)'), count('Trả lời hợp lệ (n)')],
    rows: [...rowsOf(RESULTS_HEADINGS.allOffices, overall), ...offices.flatMap((g) => rowsOf(g.label, g))],
  };
}

/** Every index of every group in one long table: what a spreadsheet or a statistics package reads best. */
export function indicesTable(report: ResultsReport): ReportTable {
  const rowsOf = (group: string, value: string, indices: IndexSet, small = false): CellValue[][] => [
    ...indices.criteria.map((c) => [group, value, 'tiêu chí', c.criterion, c.label, c.valid, c.blank, c.invalid, c.satisfiedShare.value, c.satisfiedShare.low, c.satisfiedShare.high, c.dissatisfiedShare.value, c.dissatisfiedShare.low, c.dissatisfiedShare.high]),
    ...indices.elements.map((e) => [group, value, 'yếu tố', e.element, e.label, e.valid, null, null, e.satisfiedShare, null, null, e.dissatisfiedShare, null, null]),
    [group, value, 'chung', '', RESULTS_HEADINGS.overall, indices.forms, null, null, indices.overall.satisfiedShare, null, null, indices.overall.dissatisfiedShare, null, null],
  ].map((row) => [...row, smallSampleNote(small)]);
  return {
    id: 'indices',
    title: 'Chỉ số theo nhóm',
    columns: [
      text('Nhóm', 16), text('Giá trị', 30), text('Cấp chỉ số', 10), text('Mã', 8), text('Nội dung', 50), count('Hợp lệ (n)'), count('Bỏ trống'), count('Không hợp lệ'),
      share('Tỷ lệ hài lòng'), share('Cận dưới 95 %'), share('Cận trên 95 %'), share(RESULTS_HEADINGS.dissatisfied), share('Cận dưới 95 %'), share('Cận trên 95 %'),
      text('Ghi chú', 9),
    ],
    rows: [
      ...rowsOf('Toàn bộ', '', report.indices),
      ...(Object.keys(report.breakdowns) as Breakdown[]).flatMap((b) => report.breakdowns[b].flatMap((g) => rowsOf(BREAKDOWN_NAMES[b], g.label, g.indices, g.smallSample))),
    ],
  };
}

/** The one-stop portal's Decision 766 ratio per office and overall, beside the SIPAS index. */
export function portalTable(portal: PortalRatios): ReportTable {
  return {
    id: 'portal',
    title: RESULTS_HEADINGS.portal,
    columns: [
      text('Cơ quan', 36), text('Cấp', 10), count('Hồ sơ được đánh giá (n)'), count('Rất hài lòng'), count('Hài lòng'), count('Không hài lòng'),
      share(RESULTS_HEADINGS.portalRatio), share('Cận dưới 95 %'), share('Cận trên 95 %'), count('Không có trong sổ hồ sơ'), share('Chỉ số SIPAS (hài lòng chung)'), count('Phiếu SIPAS được tính'), text('Ghi chú', 9),
    ],
    rows: [...portal.offices, portal.overall].map((r) => [
      r.officeName, r.level ?? '', r.ratings, r.verySatisfied, r.satisfied, r.dissatisfied,
      r.satisfiedShare.value, r.satisfiedShare.low, r.satisfiedShare.high, r.notInRegister, r.sipasIndex, r.sipasForms, smallSampleNote(r.smallSample),
    ]),
  };
}

/** What the report covers, in words: the survey, the office and the period. */
export function scopeLine(report: ResultsReport): string {
  const period = report.query.from || report.query.to ? `từ ${formatDate(report.query.from) ?? '…'} đến ${formatDate(report.query.to) ?? '…'}` : 'toàn bộ thời gian';
  const { officeName, level, channel } = report.query;
  const offices = officeName ?? (level ? `Các cơ quan cấp ${level}` : RESULTS_HEADINGS.allOffices);
  return `${report.survey.name} · ${offices}${channel ? ` · ${CHANNEL_NAMES[channel]}` : ''} · ${period}`;
}

export function summaryTable(report: ResultsReport): ReportTable {
  const t = report.totals;
  return {
    id: 'summary',
    title: 'Tổng hợp',
    columns: [text('Nội dung', 50), text('Giá trị', 24)],
    rows: [
      ['Phiếu khảo sát', `${report.survey.name} (${report.survey.id})`],
      ['Phạm vi', scopeLine(report)],
      ['Phiếu đã nhận', t.returned],
      ...t.byChannel.map((c) => [`  ${c.label}: đã nhận / được tính`, `${c.returned} / ${c.counted}`]),
      [RESULTS_HEADINGS.counted, t.counted],
      [RESULTS_HEADINGS.excluded, t.excluded],
      ['  trong đó chờ duyệt (sẽ được tính khi duyệt xong)', t.pending],
      ...t.byReason.map((r) => [`  ${r.label}`, r.count]),
      [RESULTS_HEADINGS.overallIndex, formatShare(report.indices.overall.satisfiedShare, 2)],
      [RESULTS_HEADINGS.overallDissatisfied, formatShare(report.indices.overall.dissatisfiedShare, 2)],
      [RESULTS_HEADINGS.officesShort, report.adequacy.short.length],
      ['Cơ quan chưa xác định được mẫu tối thiểu', report.adequacy.unknown.length],
      [`Cơ quan ít mẫu (dưới ${report.settings.smallSampleBelow} phiếu được tính: không xếp hạng)`, report.breakdowns.office.filter((g) => g.smallSample).length],
      ['Công thức', `Tỷ lệ hài lòng = số chọn ${report.settings.satisfiedCodes.join(', ')} / số trả lời hợp lệ; khoảng tin cậy Wilson (z = ${String(report.settings.intervalZ).replace('.', ',')}); yếu tố = trung bình các tiêu chí; chung = trung bình các yếu tố`],
    ],
  };
}

function formatDate(iso: string | null): string | null {
  return iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : null;
}

/** Vietnamese percent with a decimal comma: 0.7333 → "73,3 %". */
export function formatShare(value: number | null, digits = 1): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits).replace('.', ',')} %`;
}

/** Every table of the report in workbook order (the effective answers come separately: they stream). */
export function reportTables(report: ResultsReport): ReportTable[] {
  return [
    summaryTable(report),
    elementsTable(report.indices),
    criteriaTable(report.indices),
    groupsTable(report, 'office'),
    ...(['level', 'procedure', 'field', 'channel', 'source', 'month', 'year'] as const).map((b) => groupsTable(report, b)),
    adequacyTable(report),
    reasonsTable(report),
    exclusionsTable(report),
    distributionsTable(report.indices),
    ...(report.choices.overall.questions.length ? [choicesTable(report)] : []),
    indicesTable(report),
    ...(report.portal ? [portalTable(report.portal)] : []),
  ];
}
