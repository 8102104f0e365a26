import { createHash } from 'node:crypto';
import { SATISFACTION_SCALE, type Question, type RespondentField, type SurveyDefinition } from '../survey/schema.js';
import { cornerMarks, GEOMETRY, PAGE, qrRect } from './pageGeometry.js';
import { pdfTextMeasurer, type TextMeasurer } from './textMetrics.js';
import {
  MM,
  type BoxOption,
  type FieldLayout,
  type FontName,
  type FormLayout,
  type PageLayout,
  type PrintItem,
  type Rect,
  type Slot,
  type TextItem,
} from './types.js';

const SIZE = { body: 9.5, small: 8, header: 9.5, title: 12, heading: 10.5, scaleHeader: 7.5 };
const SCALE_COLUMN = 15.5 * MM;
const QUESTION_GAP = 2.5 * MM;

const RESPONDENT_LABELS: Record<RespondentField, string> = {
  name: 'Họ và tên',
  caseCode: 'Mã hồ sơ',
  procedure: 'Thủ tục hành chính',
  office: 'Cơ quan giải quyết',
};

interface Block {
  height: number;
  /** Draws the block with its top at y on the given page; returns nothing, pushes items and fields. */
  place(y: number, page: PageBuilder): void;
  /** A heading stays on the page of the block that follows it. */
  keepWithNext?: boolean;
}

interface PageBuilder {
  number: number;
  items: PrintItem[];
}

/**
 * Lays out a survey on A4 pages: every box, digit cell, text zone, QR and corner mark, in points from the top-left.
 * Printing draws exactly these items and recognition reads exactly these fields, so the two can never disagree.
 */
export function layoutForm(survey: SurveyDefinition, measure: TextMeasurer = pdfTextMeasurer()): FormLayout {
  const g = GEOMETRY;
  const left = g.contentX;
  const right = PAGE.width - g.contentX;
  const width = right - left;
  const contentBottom = PAGE.height - g.edge - g.qrSize - 4 * MM;
  const fields: FieldLayout[] = [];
  const slots: Slot[] = [];

  const lineHeight = (size: number) => size * g.lineHeight;

  /** Greedy word wrap with our own metrics, so the printer never wraps on its own. */
  const wrap = (text: string, font: FontName, size: number, maxWidth: number): string[] => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && measure(candidate, font, size) > maxWidth) {
        lines.push(line);
        line = word;
      } else {
        line = candidate;
      }
    }
    if (line) lines.push(line);
    return lines;
  };

  const textItems = (
    text: string,
    font: FontName,
    size: number,
    x: number,
    y: number,
    maxWidth: number,
    align: 'left' | 'center' | 'right' = 'left',
  ): { items: TextItem[]; height: number } => {
    const lines = wrap(text, font, size, maxWidth);
    const items = lines.map((line, i): TextItem => {
      const w = measure(line, font, size);
      const dx = align === 'center' ? (maxWidth - w) / 2 : align === 'right' ? maxWidth - w : 0;
      return { type: 'text', text: line, x: x + dx, y: y + i * lineHeight(size), width: w, font, size };
    });
    return { items, height: lines.length * lineHeight(size) };
  };

  const textBlock = (text: string, font: FontName, size: number, opts: { align?: 'left' | 'center'; gapAfter?: number; keepWithNext?: boolean } = {}): Block => {
    const measured = textItems(text, font, size, left, 0, width, opts.align);
    return {
      height: measured.height + (opts.gapAfter ?? 2 * MM),
      keepWithNext: opts.keepWithNext,
      place: (y, page) => page.items.push(...textItems(text, font, size, left, y, width, opts.align).items),
    };
  };

  const fieldBase = (q: Question, page: number) => ({
    questionId: q.id,
    page,
    ...(q.element ? { element: q.element } : {}),
    ...(q.criterion ? { criterion: q.criterion } : {}),
  });

  // ---- blocks of the first page's header -------------------------------------------------------------------
  const headerBlock = (): Block => {
    const colWidth = width / 2 - 4 * MM;
    const motto = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];
    const height = 2 * lineHeight(SIZE.header) + 4 * MM;
    return {
      height,
      place: (y, page) => {
        slots.push({ name: 'office', page: page.number, rect: { x: left, y, w: colWidth, h: 2 * lineHeight(SIZE.header) }, size: SIZE.header, font: 'bold', align: 'center' });
        const mottoX = right - colWidth;
        motto.forEach((line, i) => {
          const placed = textItems(line, 'bold', SIZE.header, mottoX, y + i * lineHeight(SIZE.header), colWidth, 'center').items;
          page.items.push(...placed);
        });
        const second = textItems(motto[1], 'bold', SIZE.header, mottoX, 0, colWidth, 'center').items[0];
        const ruleY = y + 2 * lineHeight(SIZE.header) + 0.5 * MM;
        page.items.push({ type: 'rule', x1: second.x, x2: second.x + second.width, y: ruleY, grey: false });
      },
    };
  };

  const respondentBlock = (fieldsToPrint: RespondentField[]): Block => {
    const rowHeight = lineHeight(SIZE.body) + 1.5 * MM;
    const labelWidth = Math.max(...fieldsToPrint.map((f) => measure(`${RESPONDENT_LABELS[f]}:`, 'regular', SIZE.body))) + 2 * MM;
    return {
      height: fieldsToPrint.length * rowHeight + 2 * MM,
      place: (y, page) =>
        fieldsToPrint.forEach((field, i) => {
          const rowY = y + i * rowHeight;
          page.items.push(...textItems(`${RESPONDENT_LABELS[field]}:`, 'regular', SIZE.body, left, rowY, labelWidth).items);
          const rect = { x: left + labelWidth, y: rowY, w: width - labelWidth, h: lineHeight(SIZE.body) };
          slots.push({ name: field, page: page.number, rect, size: SIZE.body, font: 'value', align: 'left' });
        }),
    };
  };

  // ---- question blocks -------------------------------------------------------------------------------------
  const scaleHeaderHeight = Math.max(
    ...SATISFACTION_SCALE.map((o) => wrap(o.label, 'bold', SIZE.scaleHeader, SCALE_COLUMN - 1 * MM).length),
  ) * lineHeight(SIZE.scaleHeader) + 2 * MM;
  const scaleTextWidth = width - SATISFACTION_SCALE.length * SCALE_COLUMN - 3 * MM;
  const scaleColumnX = (i: number) => right - (SATISFACTION_SCALE.length - i) * SCALE_COLUMN;

  const scaleHeaderItems = (y: number): PrintItem[] => {
    const items: PrintItem[] = [];
    SATISFACTION_SCALE.forEach((o, i) => {
      const lines = wrap(o.label, 'bold', SIZE.scaleHeader, SCALE_COLUMN - 1 * MM);
      const top = y + scaleHeaderHeight - 2 * MM - lines.length * lineHeight(SIZE.scaleHeader);
      items.push(...textItems(o.label, 'bold', SIZE.scaleHeader, scaleColumnX(i), top, SCALE_COLUMN, 'center').items);
    });
    items.push({ type: 'rule', x1: left, x2: right, y: y + scaleHeaderHeight - 0.5 * MM, grey: true });
    return items;
  };

  /** One grid row of a 5-level question. The column header is printed by whichever row starts a grid on a page. */
  const scaleRow = (q: Question): { rowHeight: number; place: (y: number, page: PageBuilder) => void } => {
    const text = textItems(q.text, 'regular', SIZE.body, left, 0, scaleTextWidth);
    const rowHeight = Math.max(text.height + 2 * MM, g.checkbox + 2 * g.boxClearance);
    return {
      rowHeight,
      place: (y, page) => {
        page.items.push(...textItems(q.text, 'regular', SIZE.body, left, y + (rowHeight - text.height) / 2, scaleTextWidth).items);
        const options: BoxOption[] = SATISFACTION_SCALE.map((o, i) => {
          const rect = { x: scaleColumnX(i) + (SCALE_COLUMN - g.checkbox) / 2, y: y + (rowHeight - g.checkbox) / 2, w: g.checkbox, h: g.checkbox };
          page.items.push({ type: 'checkbox', rect });
          return { code: o.code, label: o.label, rect };
        });
        page.items.push({ type: 'rule', x1: left, x2: right, y: y + rowHeight, grey: true });
        fields.push({ ...fieldBase(q, page.number), kind: 'scale', options });
      },
    };
  };

  const choiceBlock = (q: Question & { kind: 'single' | 'multiple' }): Block => {
    const question = textItems(q.text, 'regular', SIZE.body, left, 0, width);
    const labelGap = 1.8 * MM;
    const optionWidths = q.options.map((o) => g.checkbox + labelGap + measure(o.label, 'regular', SIZE.body));
    const minSpacing = 5 * MM;
    const widest = Math.max(...optionWidths) + minSpacing;
    const total = optionWidths.reduce((a, b) => a + b, 0);
    // Equal columns when they all fit on one line; else one justified line; else a grid of as many columns as fit.
    const equalColumns = widest * q.options.length <= width;
    const oneLine = !equalColumns && total + (q.options.length - 1) * minSpacing <= width;
    const columns = equalColumns || oneLine ? q.options.length : Math.max(1, Math.floor(width / widest));
    const columnWidth = equalColumns ? Math.max(widest, width / Math.max(columns, 4)) : width / columns;
    const spacing = oneLine ? (width - total) / (q.options.length - 1) : 0;
    const labelWidth = equalColumns || oneLine ? Infinity : columnWidth - g.checkbox - labelGap - minSpacing;
    const rows: { height: number; options: { option: (typeof q.options)[number]; x: number }[] }[] = [];
    for (let i = 0; i < q.options.length; i += columns) {
      const chunk = q.options.slice(i, i + columns).map((option, c) => ({
        option,
        x: oneLine ? left + optionWidths.slice(0, i + c).reduce((a, b) => a + b + spacing, 0) : left + c * columnWidth,
      }));
      const textHeight = Math.max(...chunk.map((o) => wrap(o.option.label, 'regular', SIZE.body, labelWidth).length)) * lineHeight(SIZE.body);
      rows.push({ height: Math.max(textHeight, g.checkbox) + g.boxClearance + 1 * MM, options: chunk });
    }
    const height = question.height + 1 * MM + rows.reduce((sum, r) => sum + r.height, 0) + QUESTION_GAP;
    return {
      height,
      place: (y, page) => {
        page.items.push(...textItems(q.text, 'regular', SIZE.body, left, y, width).items);
        let rowY = y + question.height + 1 * MM;
        const options: BoxOption[] = [];
        for (const row of rows) {
          for (const { option, x } of row.options) {
            const rect = { x, y: rowY + g.boxClearance / 2, w: g.checkbox, h: g.checkbox };
            page.items.push({ type: 'checkbox', rect });
            const labelX = x + g.checkbox + labelGap;
            const labelTop = rect.y + g.checkbox / 2 - lineHeight(SIZE.body) / 2;
            page.items.push(...textItems(option.label, 'regular', SIZE.body, labelX, labelTop, labelWidth).items);
            options.push({ code: option.code, label: option.label, rect });
          }
          rowY += row.height;
        }
        // Only set when there is a limit, so layouts printed before keep their hash.
        fields.push({ ...fieldBase(q, page.number), kind: q.kind, options, ...(q.kind === 'multiple' && q.maxChoices !== undefined ? { maxChoices: q.maxChoices } : {}) });
      },
    };
  };

  const cellRow = (x: number, y: number, count: number, page: PageBuilder): Rect[] =>
    Array.from({ length: count }, (_, i) => {
      const rect = { x: x + i * (g.digitCell.w + g.digitCell.gap), y, w: g.digitCell.w, h: g.digitCell.h };
      page.items.push({ type: 'digitCell', rect });
      return rect;
    });

  const digitsBlock = (q: Question & { kind: 'digits' }): Block => {
    const label = textItems(q.text, 'regular', SIZE.body, left, 0, width);
    return {
      height: label.height + g.digitCell.h + g.boxClearance + QUESTION_GAP,
      place: (y, page) => {
        page.items.push(...textItems(q.text, 'regular', SIZE.body, left, y, width).items);
        const cells = cellRow(left, y + label.height + g.boxClearance, q.length, page);
        fields.push({ ...fieldBase(q, page.number), kind: 'digits', format: q.format, cells });
      },
    };
  };

  const dateBlock = (q: Question & { kind: 'date' }): Block => {
    const label = textItems(q.text, 'regular', SIZE.body, left, 0, width);
    const parts: [string, number][] = [['ngày', 2], ['tháng', 2], ['năm', 4]];
    return {
      height: label.height + g.digitCell.h + g.boxClearance + QUESTION_GAP,
      place: (y, page) => {
        page.items.push(...textItems(q.text, 'regular', SIZE.body, left, y, width).items);
        const rowY = y + label.height + g.boxClearance;
        let x = left;
        const cells: Rect[] = [];
        for (const [word, count] of parts) {
          const w = measure(word, 'regular', SIZE.body);
          page.items.push(...textItems(word, 'regular', SIZE.body, x, rowY + (g.digitCell.h - lineHeight(SIZE.body)) / 2, w + 1).items);
          x += w + g.boxClearance + 1 * MM;
          cells.push(...cellRow(x, rowY, count, page));
          x += count * (g.digitCell.w + g.digitCell.gap) + g.boxClearance + 2 * MM;
        }
        fields.push({ ...fieldBase(q, page.number), kind: 'date', cells });
      },
    };
  };

  const textBlockQuestion = (q: Question & { kind: 'text' }): Block => {
    const label = textItems(q.text, 'regular', SIZE.body, left, 0, width);
    const zoneHeight = q.lines * g.writingLineHeight;
    return {
      height: label.height + zoneHeight + QUESTION_GAP,
      place: (y, page) => {
        page.items.push(...textItems(q.text, 'regular', SIZE.body, left, y, width).items);
        const rect = { x: left, y: y + label.height, w: width, h: zoneHeight };
        for (let i = 1; i <= q.lines; i++) page.items.push({ type: 'writingLine', x1: left, x2: right, y: rect.y + i * g.writingLineHeight });
        fields.push({ ...fieldBase(q, page.number), kind: 'text', lines: q.lines, rect, ...(q.list ? { list: q.list } : {}), ...(q.transcribe === 'image' ? { transcribe: 'image' as const } : {}) });
      },
    };
  };

  const signatureBlock = (dateLine: string, signer: string): Block => {
    const colWidth = width / 2;
    return {
      height: 2 * lineHeight(SIZE.body) + 16 * MM,
      place: (y, page) => {
        page.items.push(...textItems(dateLine, 'italic', SIZE.body, right - colWidth, y, colWidth, 'center').items);
        page.items.push(...textItems(signer, 'bold', SIZE.body, right - colWidth, y + lineHeight(SIZE.body), colWidth, 'center').items);
      },
    };
  };

  // ---- flow blocks onto pages ------------------------------------------------------------------------------
  const pages: PageBuilder[] = [];
  let page: PageBuilder = { number: 1, items: [] };
  pages.push(page);
  let y = g.contentTop;
  const newPage = () => {
    page = { number: pages.length + 1, items: [] };
    pages.push(page);
    y = g.contentTop;
  };
  const pending: Block[] = [];
  const placeBlock = (block: Block) => {
    pending.push(block);
    if (block.keepWithNext) return;
    const total = pending.reduce((sum, b) => sum + b.height, 0);
    if (y + total > contentBottom && y > g.contentTop) newPage();
    for (const b of pending) {
      b.place(y, page);
      y += b.height;
    }
    pending.length = 0;
  };

  placeBlock(headerBlock());
  placeBlock(textBlock(survey.title, 'bold', SIZE.title, { align: 'center', gapAfter: 1 * MM }));
  if (survey.subtitle) placeBlock(textBlock(survey.subtitle, 'italic', SIZE.body, { align: 'center', gapAfter: 1 * MM }));
  placeBlock(textBlock(survey.instructions, 'italic', SIZE.small, { align: 'center', gapAfter: 3 * MM }));
  if (survey.respondent.length) placeBlock(respondentBlock(survey.respondent));

  for (const section of survey.sections) {
    if (section.heading) placeBlock(textBlock(section.heading, 'bold', SIZE.heading, { gapAfter: 1 * MM, keepWithNext: true }));
    if (section.note) placeBlock(textBlock(section.note, 'italic', SIZE.small, { gapAfter: 1 * MM, keepWithNext: true }));
    let gridOpenOnPage = 0;
    for (const q of section.questions) {
      if (q.kind === 'scale') {
        const row = scaleRow(q);
        // A grid prints its column header at its start and again at the top of every page it continues on.
        let needsHeader = gridOpenOnPage !== page.number || pending.length > 0;
        if (!needsHeader && y + row.rowHeight > contentBottom) needsHeader = true;
        const height = row.rowHeight + (needsHeader ? scaleHeaderHeight : 0);
        placeBlock({
          height,
          place: (top, p) => {
            let rowTop = top;
            if (needsHeader) {
              p.items.push(...scaleHeaderItems(top));
              rowTop += scaleHeaderHeight;
            }
            row.place(rowTop, p);
          },
        });
        gridOpenOnPage = page.number;
        continue;
      }
      if (gridOpenOnPage) y += 2 * MM;
      gridOpenOnPage = 0;
      if (q.kind === 'single' || q.kind === 'multiple') placeBlock(choiceBlock(q));
      else if (q.kind === 'digits') placeBlock(digitsBlock(q));
      else if (q.kind === 'date') placeBlock(dateBlock(q));
      else placeBlock(textBlockQuestion(q));
    }
    y += 2 * MM;
  }
  if (survey.signature) placeBlock(signatureBlock(survey.signature.dateLine, survey.signature.signer));
  if (survey.closing) placeBlock(textBlock(survey.closing, 'bold', SIZE.heading, { align: 'center' }));

  const pageLayouts: PageLayout[] = pages.map((p) => {
    const pageLayout = { number: p.number, marks: cornerMarks(), qr: qrRect(), items: p.items };
    slots.push({ name: 'serial', page: p.number, rect: serialRect(), size: SIZE.small, font: 'regular', align: 'right' });
    return pageLayout;
  });

  const printable = { x: g.edge, y: g.edge, w: PAGE.width - 2 * g.edge, h: PAGE.height - 2 * g.edge };
  const body = { surveyId: survey.id, pageSize: PAGE, printable, pages: pageLayouts, fields, slots: sortSlots(slots) };
  return { ...body, hash: hashLayout(survey, body) };
}

export function serialRect(): Rect {
  const qr = qrRect();
  const w = 90 * MM;
  return { x: qr.x - 3 * MM - w, y: qr.y + qr.h - 2 * SIZE.small * GEOMETRY.lineHeight, w, h: 2 * SIZE.small * GEOMETRY.lineHeight };
}

function sortSlots(slots: Slot[]): Slot[] {
  return [...slots].sort((a, b) => a.page - b.page || a.rect.y - b.rect.y || a.rect.x - b.rect.x);
}

const round = (value: unknown): unknown =>
  typeof value === 'number' ? Math.round(value * 1000) / 1000 : Array.isArray(value) ? value.map(round) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)])) : value;

/** Hash of the definition and every coordinate (rounded, so float noise cannot change it). */
function hashLayout(survey: SurveyDefinition, body: Omit<FormLayout, 'hash'>): string {
  return createHash('sha256').update(JSON.stringify(round({ survey, body }))).digest('hex').slice(0, 12);
}
