import type { FieldLayout, Rect } from '../../layout/types.js';

/** Pen work drawn on a rendered page as SVG: what a respondent does to a form, for demo scans. */
export type PenStroke =
  | { kind: 'cross' | 'pencil' | 'filled'; rect: Rect }
  | { kind: 'writing'; rect: Rect; text: string }
  | { kind: 'digits'; cells: Rect[]; digits: string };

const INK = '#1a1a40';

export function strokesToSvg(strokes: PenStroke[], width: number, height: number, pixelsPerPoint: number): string {
  const px = (pt: number) => pt * pixelsPerPoint;
  const shapes = strokes.map((s) => {
    switch (s.kind) {
      case 'cross': {
        const { x, y, w, h } = scaled(s.rect, px);
        return `<path d="M${x + 3},${y + 4} L${x + w - 2},${y + h - 3} M${x + w - 3},${y + 2} L${x + 4},${y + h - 2}" stroke="${INK}" stroke-width="${px(1.4)}" stroke-linecap="round"/>`;
      }
      case 'pencil': {
        const { x, y, w, h } = scaled(s.rect, px);
        return `<path d="M${x + w * 0.3},${y + h * 0.3} L${x + w * 0.7},${y + h * 0.7}" stroke="#9a9a9a" stroke-width="${px(0.8)}"/>`;
      }
      case 'filled': {
        const { x, y, w, h } = scaled(s.rect, px);
        return `<rect x="${x + 1}" y="${y + 1}" width="${w - 2}" height="${h - 2}" fill="${INK}"/>`;
      }
      case 'writing': {
        const { x, y, h } = scaled(s.rect, px);
        return `<text x="${x + px(4)}" y="${y + Math.min(h - px(4), px(16))}" font-family="DejaVu Sans" font-style="oblique" font-size="${px(11)}" fill="${INK}">${escapeXml(s.text)}</text>`;
      }
      case 'digits':
        return s.cells
          .slice(0, s.digits.length)
          .map((cell, i) => {
            const { x, y, w, h } = scaled(cell, px);
            return `<text x="${x + w / 2}" y="${y + h * 0.8}" text-anchor="middle" font-family="DejaVu Sans" font-style="oblique" font-size="${h * 0.75}" fill="${INK}">${s.digits[i]}</text>`;
          })
          .join('');
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes.join('')}</svg>`;
}

const scaled = (r: Rect, px: (pt: number) => number) => ({ x: px(r.x), y: px(r.y), w: px(r.w), h: px(r.h) });
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** How a simulated respondent answers one field; `random` is a seeded generator so the demo is the same every time. */
export function answerField(field: FieldLayout, random: () => number): PenStroke[] {
  if ('options' in field) {
    const options = field.options;
    // Satisfaction leans to the upper levels, as SIPAS results do.
    const pick = () => options[Math.min(options.length - 1, Math.floor(Math.pow(random(), field.kind === 'scale' ? 0.5 : 1) * options.length))];
    const chosen = pick();
    const roll = random();
    if (roll < 0.05) return [];
    if (roll < 0.12) return [{ kind: 'pencil', rect: chosen.rect }];
    if (roll < 0.17) return [{ kind: 'cross', rect: chosen.rect }, { kind: 'cross', rect: options[(options.indexOf(chosen) + 1) % options.length].rect }];
    if (roll < 0.2) return [{ kind: 'filled', rect: options[(options.indexOf(chosen) + 1) % options.length].rect }, { kind: 'cross', rect: chosen.rect }];
    return [{ kind: 'cross', rect: chosen.rect }];
  }
  if (field.kind === 'text') return random() < 0.5 ? [{ kind: 'writing', rect: field.rect, text: COMMENTS[Math.floor(random() * COMMENTS.length)] }] : [];
  if (field.kind === 'date') return [{ kind: 'digits', cells: field.cells, digits: `${String(1 + Math.floor(random() * 28)).padStart(2, '0')}0${1 + Math.floor(random() * 9)}2025` }];
  const digits = Array.from({ length: field.cells.length }, (_, i) => (field.format === 'phone' && i === 0 ? '0' : String(Math.floor(random() * 10)))).join('');
  return [{ kind: 'digits', cells: field.cells, digits }];
}

const COMMENTS = [
  'Cán bộ nhiệt tình, chu đáo',
  'Nên có thêm ghế ngồi chờ',
  'Thời gian chờ hơi lâu',
  'Rất hài lòng',
  'Cần niêm yết phí rõ hơn',
  'Nguyễn Văn An',
  'Trần Thị Bình',
  '12 Lê Lợi, phường Phú Hội',
  'Đăng ký khai sinh',
];
