import type { TaskState } from '../../../src/web/api.js';
import { api, messageOf } from '../api.js';
import { selfLoadingCard } from '../card.js';
import { fmt, h, progressBar, replace, table, toast, when } from '../dom.js';

/**
 * The administrator's care of the data, as cards that load and refresh themselves: backups (now and on a schedule),
 * the health checks of `phieu doctor`, and retention (the round closed and published, a dry run of the personal-data
 * purge, then the purge after a confirmation).
 */

type BackupTask = TaskState<{ bytes: number; images: number }>;

interface Backups {
  schedule: { everyHours: number; keep: number };
  backups: { dir: string; at: string }[];
  task: BackupTask | null;
}

/** GET /api/retention: the round's state, what a purge would take, and the purge task. */
interface Retention {
  settings: { roundClosedAt: string | null; roundClosedBy: string | null };
  plan: { cutoff: string; allowed: boolean; blockers: string[]; counts: Record<string, number> & { files: Record<string, number> & { bytes: number } } };
  task: TaskState | null;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Polls a background task until it ends, then calls `done`. */
function follow<T extends TaskState>(kind: string, done: (task: T | null) => void): void {
  const poll = async () => {
    const task = await api<T>('GET', `/api/tasks/${kind}`).catch(() => null);
    if (task?.running) setTimeout(poll, 1000);
    else done(task);
  };
  setTimeout(poll, 500);
}

export function backupCard(): HTMLElement {
  const { card, load } = selfLoadingCard<Backups>('Sao lưu', '/api/backups');

  async function refresh(): Promise<void> {
    const data = await load();
    if (!data) return;
    const { schedule, backups, task } = data;
    const every = h('input', { name: 'everyHours', type: 'number', min: '0', max: '720', step: '1', value: String(schedule.everyHours), style: { width: '5rem' } });
    const keep = h('input', { name: 'keep', type: 'number', min: '1', max: '365', step: '1', value: String(schedule.keep), style: { width: '5rem' } });
    replace(
      card,
      h('h2', {}, 'Sao lưu'),
      h('p', { class: 'muted' }, 'Bản sao nhất quán của cơ sở dữ liệu, khoá và ảnh trang, lấy ngay cả khi đang quét và duyệt. Lưu trong thư mục dữ liệu (backups/); hãy chép thêm ra ngoài máy.'),
      task?.running
        ? progressBar(0, 0, task.label)
        : h('button', { type: 'button', onclick: () => run(() => api('POST', '/api/backup'), 'Đang sao lưu…', 'backup') }, 'Sao lưu ngay'),
      task?.error && h('p', { class: 'error' }, `Lần sao lưu gần nhất không thành công: ${task.error}`),
      h('form', { class: 'inline', onsubmit: (e) => {
        e.preventDefault();
        run(() => api('PUT', '/api/backup/schedule', { everyHours: Number(every.value), keep: Number(keep.value) }), 'Đã lưu lịch sao lưu.');
      } }, 'Tự động sao lưu mỗi', every, 'giờ (0 = tắt), giữ', keep, 'bản mới nhất', h('button', { type: 'submit' }, 'Lưu lịch')),
      backups.length
        ? table(['Bản sao lưu', 'Lúc'], backups.slice(0, 10).map((b) => [b.dir.split(/[\\/]/).at(-1), when(b.at)]))
        : h('p', { class: 'muted' }, 'Chưa có bản sao lưu nào.'),
    );
  }

  async function run(work: () => Promise<unknown>, message: string, task?: string): Promise<void> {
    try {
      await work();
      toast(message);
      await refresh();
      if (task) follow<BackupTask>(task, (t) => {
        toast(t?.error ? `Sao lưu không thành công: ${t.error}` : `Đã sao lưu (${mb(t?.result?.bytes ?? 0)}, ${fmt.format(t?.result?.images ?? 0)} ảnh).`, t?.error ? 'error' : 'info');
        refresh();
      });
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }

  refresh();
  return card;
}

export function healthCard(): HTMLElement {
  const card = h('div', { class: 'card' }, h('h2', {}, 'Tình trạng dữ liệu'), h('p', { class: 'muted' }, 'Đang kiểm tra…'));
  api<{ checks: { ok: boolean; label: string; detail: string; advice?: string }[] }>('GET', '/api/health').then(
    ({ checks }) =>
      replace(
        card,
        h('h2', {}, 'Tình trạng dữ liệu'),
        table(['', 'Mục', 'Chi tiết', 'Cần làm'], checks.map((c) => [h('span', { class: c.ok ? 'ok' : 'error' }, c.ok ? 'Tốt' : 'Lỗi'), c.label, c.detail, c.ok ? '' : (c.advice ?? '')])),
      ),
    (error: unknown) => replace(card, h('h2', {}, 'Tình trạng dữ liệu'), h('p', { class: 'error' }, messageOf(error))),
  );
  return card;
}

const COUNT_LABELS: [string, string][] = [
  ['registerCases', 'hồ sơ trong sổ có họ tên, số điện thoại, địa chỉ'],
  ['paperForms', 'phiếu giấy có thông tin cá nhân'],
  ['personalAnswers', 'câu trả lời cá nhân (họ tên, số điện thoại, địa chỉ) và sửa chữa của chúng'],
  ['electronicResponses', 'phản hồi điện tử có số điện thoại, CCCD, tài khoản'],
  ['rechecks', 'số điện thoại phúc tra'],
  ['clips', 'ảnh ô chữ viết tay'],
  ['digitSamples', 'chữ số người duyệt đã gõ cho số điện thoại (dữ liệu học nhận dạng)'],
];
const FILE_LABELS: [string, string][] = [
  ['pageImages', 'ảnh trang'],
  ['uploads', 'tệp quét đã tải lên'],
  ['hotFolder', 'tệp quét trong thư mục quét (đã đọc, bị từ chối)'],
  ['registers', 'tệp sổ hồ sơ đã nhập'],
  ['backups', 'bản sao lưu cũ (còn dữ liệu cá nhân)'],
];

export function retentionCard(): HTMLElement {
  const { card, load } = selfLoadingCard<Retention>('Dữ liệu cá nhân', '/api/retention');
  let previewed = false;

  async function refresh(): Promise<void> {
    const data = await load();
    if (!data) return;
    const { settings, plan, task } = data;
    const closed = Boolean(settings.roundClosedAt);
    replace(
      card,
      h('h2', {}, 'Dữ liệu cá nhân'),
      h('p', { class: 'muted' }, 'Theo Luật Bảo vệ dữ liệu cá nhân (Luật số 91/2025/QH15, hiệu lực từ 01/01/2026): họ tên, số điện thoại, địa chỉ của người dân chỉ giữ đến khi đợt khảo sát kết thúc và kết quả đã công bố. Khi đó có thể xoá chúng cùng ảnh trang; chỉ số và các câu trả lời không định danh được giữ nguyên.'),
      h('label', { class: 'inline' },
        h('input', { type: 'checkbox', name: 'roundClosed', checked: closed, onchange: (e) => change((e.currentTarget as HTMLInputElement).checked) }),
        closed ? ` Đợt khảo sát đã kết thúc và đã công bố kết quả (${when(settings.roundClosedAt)}, ${settings.roundClosedBy})` : ' Đợt khảo sát đã kết thúc và đã công bố kết quả'),
      task?.running && progressBar(0, 0, task.label),
      task?.error && h('p', { class: 'error' }, `Lần xoá gần nhất không thành công: ${task.error}`),
      closed && !task?.running && h('button', { type: 'button', onclick: () => { previewed = true; refresh(); } }, 'Xem trước những gì sẽ bị xoá'),
      previewed && closed && preview(plan),
    );
  }

  function preview(plan: Retention['plan']): HTMLElement {
    const rows = [
      ...COUNT_LABELS.map(([key, label]) => [fmt.format(plan.counts[key]), label]),
      ...FILE_LABELS.map(([key, label]) => [fmt.format(plan.counts.files[key]), label]),
      [mb(plan.counts.files.bytes), 'tổng dung lượng tệp'],
    ];
    return h('div', { class: 'purge-preview' },
      h('p', {}, `Chạy thử (chưa xoá gì) — mọi dữ liệu nhận trước ${when(plan.cutoff)}:`),
      table(['Số lượng', 'Sẽ xoá'], rows),
      plan.blockers.map((b) => h('p', { class: 'error' }, b)),
      plan.allowed && h('button', { type: 'button', class: 'danger', onclick: purge }, 'Xoá dữ liệu cá nhân'),
    );
  }

  async function change(closed: boolean): Promise<void> {
    try {
      await api('PUT', '/api/retention/round', { closed });
      toast('Đã lưu.');
    } catch (error) {
      toast(messageOf(error), 'error');
    }
    previewed = false;
    refresh();
  }

  async function purge() {
    if (!confirm('Xoá họ tên, số điện thoại, địa chỉ, ảnh trang và các bản sao lưu cũ của đợt khảo sát này? Không thể hoàn tác.')) return;
    try {
      await api('POST', '/api/purge', { confirm: true });
      toast('Đang xoá dữ liệu cá nhân…');
      previewed = false;
      await refresh();
      follow('purge', (t) => {
        toast(t?.error ? `Không xoá được: ${t.error}` : 'Đã xoá dữ liệu cá nhân và sao lưu lại.', t?.error ? 'error' : 'info');
        refresh();
      });
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }

  refresh();
  return card;
}
