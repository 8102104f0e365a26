import { fmt, h, type Child } from './dom.js';
import { RESULTS_HEADINGS } from './labels.js';

// Charts as CSS bars built with DOM calls: no chart library, no markup strings. Labels come from survey
// definitions and office names, so they go in as text like everything else; widths are set through the style
// object, which the Content-Security-Policy allows (inline style attributes it does not).

/** Vietnamese percent with a decimal comma: 0.7333 → "73,3 %"; no valid answer → "–". */
export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(digits).replace('.', ',')} %`;
}

const width = (share: number | null | undefined) => `${Math.max(0, Math.min(1, share ?? 0)) * 100}%`;

/** The 0–100 % scale above a set of bars. */
function axis() {
  return h('div', { class: 'chart-row chart-axis', 'aria-hidden': 'true' },
    h('span'),
    h('div', { class: 'chart-scale' }, [0, 25, 50, 75, 100].map((t) => h('span', { style: { left: `${t}%` } }, `${t} %`))),
    h('span'),
  );
}

/**
 * Horizontal bars of shares. Each row: `label`, `value` (the satisfied share), optional `low`/`high` (its interval,
 * drawn as a whisker), optional `second` (the dissatisfied share, a thin red bar under it), optional `note` (n) and
 * `highlight`. Rows with no value show a dash, not an empty bar that reads as 0 %.
 */
/** One bar of `shareBars`. */
export interface ShareRow {
  key?: string;
  label: Child;
  value: number | null;
  low?: number | null;
  high?: number | null;
  second?: number | null;
  note?: string;
  /** A short mark after the label ("ít mẫu": too few forms to rank). */
  flag?: string | null;
  highlight?: boolean;
}

export function shareBars(rows: readonly ShareRow[], { caption }: { caption?: string } = {}): HTMLElement {
  return h('figure', { class: 'chart' },
    caption && h('figcaption', {}, caption),
    axis(),
    rows.map((r) =>
      h('div', { class: `chart-row${r.highlight ? ' highlight' : ''}`, 'data-key': r.key ?? null },
        h('span', { class: 'chart-label' }, r.label, r.flag && h('span', { class: 'small-sample' }, r.flag), r.note && h('small', {}, ` ${r.note}`)),
        h('div', { class: 'chart-track', title: r.low !== undefined && r.low !== null ? `Khoảng tin cậy 95 %: ${percent(r.low)} – ${percent(r.high ?? null)}` : null },
          r.value !== null && r.value !== undefined && h('div', { class: 'chart-fill', style: { width: width(r.value) } }),
          r.low !== undefined && r.low !== null && h('div', { class: 'chart-whisker', style: { left: width(r.low), width: `${Math.max(0, ((r.high ?? r.low) - r.low) * 100)}%` } }),
          r.second !== undefined && r.second !== null && h('div', { class: 'chart-second', style: { width: width(r.second) } }),
        ),
        h('span', { class: 'chart-value' }, percent(r.value), r.second !== undefined && r.second !== null && h('small', { class: 'chart-second-value' }, percent(r.second))),
      ),
    ),
  );
}

/** The legend shared by the share charts. */
export function shareLegend({ interval = false }: { interval?: boolean } = {}): HTMLParagraphElement {
  return h('p', { class: 'chart-legend' },
    h('span', { class: 'swatch sat' }), ' Tỷ lệ hài lòng (Hài lòng + Rất hài lòng)  ',
    h('span', { class: 'swatch dis' }), ` ${RESULTS_HEADINGS.dissatisfied}  `,
    interval && [h('span', { class: 'swatch ci' }), ' Khoảng tin cậy 95 %'],
  );
}

/** One answer distribution as a stacked bar of its options (for questions off the satisfaction scale). */
/** How the valid answers to one question spread over its options. */
export interface Distribution {
  label: string;
  valid: number;
  blank: number;
  options: { label: string; count: number; share: number | null }[];
}

export function distributionBar(distribution: Distribution): HTMLDivElement {
  return h('div', { class: 'chart-row distribution' },
    h('span', { class: 'chart-label' }, distribution.label, h('small', {}, ` (hợp lệ ${fmt.format(distribution.valid)}, bỏ trống ${fmt.format(distribution.blank)})`)),
    h('div', { class: 'chart-stack' },
      distribution.options.map((o, i) =>
        (o.share ?? 0) > 0 && h('div', { class: `stack-part part-${i % 6}`, style: { width: width(o.share) }, title: `${o.label}: ${o.count} (${percent(o.share)})` }, `${o.label} ${percent(o.share, 0)}`),
      ),
    ),
    h('span', { class: 'chart-value' }),
  );
}
