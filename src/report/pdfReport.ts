import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { registerFonts } from '../layout/fonts.js';
import type { ResultsReport } from '../results/buildReport.js';
import { pdfkit } from '../runtime/lazyPackages.js';
import { reportTemplateSchema, type ReportTemplate } from '../store/reportTemplate.js';
import { documentFoot, documentHead } from './officialDocument.js';
import { barChart, heading, MARGIN, pageNumbers, paragraph, table } from './pdfDrawing.js';
import { adequacyTable, adequacyVerdict, choicesTable, criteriaTable, formatShare, groupsTable, officeBarLabel, portalTable, reasonsTable, scopeLine, summaryTable } from './tables.js';
import { RESULTS_HEADINGS } from '../results/headings.js';

/**
 * The printed report: counts, the overall index, elements and criteria as bars with their 95 % intervals, the office
 * ranking, channels, levels and months, sample adequacy with the offices short of their minimum, and why forms were
 * not counted. A4 portrait, Vietnamese throughout, laid out as an administrative document from the office's template
 * (see officialDocument.ts).
 */
export async function writeReportPdf(report: ResultsReport, out: Writable, printedAt = new Date(), template: ReportTemplate = reportTemplateSchema.parse({})): Promise<void> {
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: `Báo cáo kết quả khảo sát — ${report.survey.name}`, Creator: 'phieu' } });
  registerFonts(doc);
  doc.pipe(out);
  const done = once(out, 'finish');
  const width = doc.page.width - 2 * MARGIN;

  documentHead(doc, template, printedAt, `${report.survey.title} · ${scopeLine(report)}`);

  const { indices, totals } = report;
  // A survey with no five-level question (the quick survey) is reported by its answer distributions only.
  const measured = indices.criteria.length > 0;
  const counts = `${totals.counted.toLocaleString('vi-VN')} phiếu hợp lệ (${totals.byChannel.map((c) => `${c.label.toLowerCase()} ${c.counted.toLocaleString('vi-VN')}`).join(', ')}) trong ${totals.returned.toLocaleString('vi-VN')} phiếu đã nhận; ${totals.pending.toLocaleString('vi-VN')} phiếu giấy đang chờ duyệt chưa được tính.`;
  let sections = 0;
  const section = (title: string) => heading(doc, `${++sections}. ${title}`);
  if (measured) {
    heading(doc, `${RESULTS_HEADINGS.overallIndex}: ${formatShare(indices.overall.satisfiedShare, 2)}`);
    paragraph(doc, `${RESULTS_HEADINGS.overallDissatisfied} ${formatShare(indices.overall.dissatisfiedShare, 2)}. Tính trên ${counts}`);
  } else {
    heading(doc, `Số phiếu được tính: ${totals.counted.toLocaleString('vi-VN')}`);
    paragraph(doc, `Phiếu này không có câu hỏi theo thang đo năm mức hài lòng; báo cáo nêu phân bố câu trả lời. Tính trên ${counts}`);
  }

  section('Số phiếu');
  table(doc, summaryTable(report));

  if (indices.elements.length) {
    section(RESULTS_HEADINGS.byElement);
    barChart(doc, [
      ...indices.elements.map((e) => ({ label: `${e.element}. ${e.label}`, value: e.satisfiedShare, second: e.dissatisfiedShare })),
      { label: RESULTS_HEADINGS.overall, value: indices.overall.satisfiedShare, second: indices.overall.dissatisfiedShare },
    ]);
  }

  if (indices.criteria.length) {
    section(`${RESULTS_HEADINGS.byCriterion} (thanh: tỷ lệ hài lòng; vạch: khoảng tin cậy 95 %)`);
    barChart(doc, indices.criteria.map((c) => ({ label: `${c.criterion}. ${c.label}`, value: c.satisfiedShare.value, low: c.satisfiedShare.low, high: c.satisfiedShare.high, second: c.dissatisfiedShare.value })), {
      labelWidth: width * 0.5,
    });
    table(doc, criteriaTable(indices), [1, 3, 4, 5, 7, 8, 9, 11, 12, 13]);
  } else {
    section(RESULTS_HEADINGS.distributions);
    for (const d of indices.distributions) {
      paragraph(doc, `${d.questionId}. ${d.label} (hợp lệ ${d.valid}, bỏ trống ${d.blank}, không hợp lệ ${d.invalid})`, { italic: true, keepWithNext: 60 });
      barChart(doc, d.options.map((o) => ({ label: `${o.label} (${o.count})`, value: o.share })));
    }
  }

  if (measured) {
    section(RESULTS_HEADINGS.officeRanking);
    barChart(doc, report.breakdowns.office.map((g) => ({ label: officeBarLabel(g), value: g.indices.overall.satisfiedShare, second: g.indices.overall.dissatisfiedShare })));
    table(doc, groupsTable(report, 'office'));
  } else {
    section(RESULTS_HEADINGS.formsByOffice);
    const offices = groupsTable(report, 'office');
    table(doc, offices, [1, 2, 3, offices.columns.length - 1]);
  }

  section('Theo kênh, cấp cơ quan và tháng');
  for (const breakdown of ['channel', 'level', 'month'] as const) {
    const groups = groupsTable(report, breakdown);
    paragraph(doc, groups.title, { italic: true, keepWithNext: 60 });
    table(doc, groups, measured ? undefined : [0, 1, groups.columns.length - 1]);
  }

  section('Theo thủ tục hành chính và lĩnh vực');
  for (const breakdown of ['field', 'procedure'] as const) {
    const groups = groupsTable(report, breakdown);
    paragraph(doc, groups.title, { italic: true, keepWithNext: 60 });
    // Name, n, index and its interval, the dissatisfied share and the small-sample note: the elements would not fit.
    if (report.breakdowns[breakdown].length) table(doc, groups, measured ? [0, 1, 2, 3, 4, 5, groups.columns.length - 1] : [0, 1, groups.columns.length - 1]);
    else paragraph(doc, RESULTS_HEADINGS.noProcedures);
  }

  const { overall } = report.choices;
  if (overall.questions.length) {
    section(`${RESULTS_HEADINGS.wishes} của người dân, tổ chức`);
    for (const q of overall.questions) {
      paragraph(doc, `${q.label} (trả lời hợp lệ ${q.valid.toLocaleString('vi-VN')}, bỏ trống ${q.blank.toLocaleString('vi-VN')}, không hợp lệ ${q.invalid.toLocaleString('vi-VN')})`, { italic: true, keepWithNext: 60 });
      barChart(doc, q.options.map((o) => ({ label: `${o.label} (${o.count.toLocaleString('vi-VN')})`, value: o.share })), { labelWidth: width * 0.5 });
    }
    table(doc, choicesTable(report), [0, 3, 4, 5, 6]);
  }

  if (report.portal) {
    const { portal } = report;
    section(portalTable(portal).title);
    if (portal.overall.ratings === 0) paragraph(doc, 'Chưa nhập đánh giá nào từ Cổng dịch vụ công trong phạm vi đã chọn (phieu portal import).');
    else {
      paragraph(doc, `Tỷ lệ hài lòng theo Quyết định 766/QĐ-TTg = (Rất hài lòng + Hài lòng) / số hồ sơ được đánh giá, mỗi hồ sơ một đánh giá (đánh giá sau cùng), khoảng tin cậy Wilson 95 %; bên cạnh là chỉ số hài lòng chung SIPAS của cùng cơ quan. ${RESULTS_HEADINGS.portalFewRatings.replace('{n}', report.settings.smallSampleBelow.toLocaleString('vi-VN'))}${portal.overall.notInRegister ? ` ${RESULTS_HEADINGS.portalNotInRegister.replace('{n}', portal.overall.notInRegister.toLocaleString('vi-VN'))}` : ''}`);
      // Level and "not in the register" stay in the workbook: the ratio, its interval and the SIPAS index must fit.
      table(doc, portalTable(portal), [0, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]);
    }
  }

  section(RESULTS_HEADINGS.adequacy);
  table(doc, adequacyTable(report));
  paragraph(doc, adequacyVerdict(report));

  section(RESULTS_HEADINGS.excluded);
  if (totals.byReason.length) table(doc, reasonsTable(report));
  else paragraph(doc, 'Không có phiếu nào bị loại.');
  paragraph(doc, 'Danh sách từng phiếu không được tính và lý do có trong tệp XLSX của báo cáo (trang "Phiếu không tính").', { italic: true });

  documentFoot(doc, template);
  pageNumbers(doc, `phieu · ${report.survey.name}`);
  doc.end();
  await done;
}

