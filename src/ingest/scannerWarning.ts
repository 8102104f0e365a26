import type { ScannerSetting } from './decode.js';

/** The least resolution at which a bilevel scan still keeps a light pencil mark's trace for the reader. */
const BILEVEL_MIN_DPI = 300;

/**
 * The warning for a batch whose files were scanned bilevel under 300 dpi, in Vietnamese, naming the files and the
 * setting to change; undefined when none was. A bilevel scanner drops every pixel lighter than its threshold, and a
 * light pencil mark is mostly such pixels: at 200 dpi what is left of it is a few specks or nothing, so a mark made on
 * paper can be gone from the file before any reader sees it. Only the scanner's setting can bring it back.
 */
export function scannerSettingWarning(files: { name: string; setting: ScannerSetting }[]): string | undefined {
  const low = files.filter((f) => f.setting.bilevel && (f.setting.dpi === undefined || f.setting.dpi < BILEVEL_MIN_DPI - 1));
  if (low.length === 0) return undefined;
  const dpis = [...new Set(low.map((f) => (f.setting.dpi === undefined ? 'không rõ dpi' : `${Math.round(f.setting.dpi)} dpi`)))].join(', ');
  const names = low.slice(0, 5).map((f) => f.name).join(', ') + (low.length > 5 ? ` và ${low.length - 5} tệp khác` : '');
  return (
    `Cảnh báo: ${low.length} tệp được quét đen trắng (1 bit) ở ${dpis} (${names}). Ở chế độ này máy quét xoá gần hết nét bút chì nhạt, ` +
    `nên một ô đã đánh dấu có thể thành ô trống. Hãy đổi cài đặt máy quét sang chế độ thang xám (grayscale), 300 dpi, ` +
    `và quét lại các phiếu này nếu người trả lời có thể đã đánh dấu bằng bút chì.`
  );
}
