import type { TaskState } from '../../../src/web/api.js';
import { api, messageOf } from '../api.js';
import { fmt, h, progressBar, replace, table, toast } from '../dom.js';
import { BREAKDOWN_NAMES, FIELD_STATE_LABELS, REVIEW_STATUS_LABELS } from '../labels.js';
import type { ScreenContext } from '../screen.js';

type Task = TaskState<{ next?: string }>;

interface Dashboard {
  queue: { fields: number; transcription: number; referred: number; pages: number; resolved: number };
  demo: Task | null;
  /** What the server says of a demo loaded before (when, and what to open next). */
  demoLoaded: string | null;
  offices: { officeName: string | null; officeCode: string | null; surveyName: string; printed: number; handedOut: number; scanned: number; reviewed: number; waiting: number }[];
}

interface ReviewerRate {
  reviewer: string;
  decided: number;
  lastHour: number;
  perHour: number | null;
  changedShare: number | null;
}

/** Per office: forms printed, handed out, scanned and reviewed; the queues; the demo for a fresh installation. */
export async function render(main: HTMLElement, { user }: ScreenContext): Promise<() => void> {
  const body = h('div');
  let wasRunning = false;
  replace(main, h('section', {}, h('h1', {}, 'Tổng quan'), body));

  async function refresh(): Promise<boolean | undefined> {
    if (!document.body.contains(body)) return;
    const data = await api<Dashboard>('GET', '/api/dashboard');
    const q = data.queue;
    const demo = data.demo;
    replace(
      body,
      h('div', { class: 'tiles' },
        tile('Trường cần duyệt (ảnh hưởng kết quả)', q.fields, '#/duyet'),
        tile('Chữ viết tay cần gõ', q.transcription, '#/duyet'),
        tile('Chuyển giám sát', q.referred, '#/duyet'),
        tile('Trang chưa nhận', q.pages, '#/trang'),
        tile(REVIEW_STATUS_LABELS.resolved, q.resolved),
      ),
      user.permissions.includes('demo') && h('div', { class: 'card' },
        h('h2', {}, 'Dữ liệu mẫu'),
        demo?.running
          ? progressBar(demo.done, demo.total, `${demo.label}: ${demo.done}/${demo.total}`)
          : [
              h('p', { class: demo?.result?.next ? 'notice' : 'muted' }, demoText(demo, data.demoLoaded)),
              h('button', { class: 'primary', onclick: loadDemo }, 'Tải dữ liệu mẫu'),
            ],
      ),
      h('div', { class: 'card' },
        h('h2', {}, BREAKDOWN_NAMES.office),
        data.offices.length
          ? table(['Cơ quan', 'Mẫu phiếu', FIELD_STATE_LABELS.printed, FIELD_STATE_LABELS.handedOut, FIELD_STATE_LABELS.scanned, 'Đã duyệt xong', 'Trường chờ duyệt'], data.offices.map((o) => [o.officeName ?? o.officeCode ?? '(phiếu trắng)', o.surveyName, fmt.format(o.printed), fmt.format(o.handedOut), fmt.format(o.scanned), fmt.format(o.reviewed), fmt.format(o.waiting)]))
          : h('p', { class: 'muted' }, 'Chưa có phiếu nào được in.'),
      ),
      user.permissions.includes('supervise') && h('div', { class: 'card', id: 'rates' }),
    );
    if (user.permissions.includes('supervise')) {
      const rates = await api<ReviewerRate[]>('GET', '/api/supervise/rates');
      replace(body.querySelector('#rates')!, h('h2', {}, 'Năng suất người duyệt'), table(['Người duyệt', 'Đã quyết định', 'Trong 1 giờ qua', 'Mục/giờ', 'Tỉ lệ sửa khác máy'], rates.map((r) => [r.reviewer, fmt.format(r.decided), fmt.format(r.lastHour), r.perHour ?? '–', r.changedShare === null ? '–' : `${(r.changedShare * 100).toFixed(0)}%`])));
    }
    // The load just ended: say so where the person is looking, with what to open next.
    if (wasRunning && demo && !demo.running) toast(demo.error ? `Không tạo được dữ liệu mẫu: ${demo.error}` : (demo.result?.next ?? ''), demo.error ? 'error' : undefined);
    wasRunning = Boolean(demo?.running);
    return demo?.running;
  }

  function demoText(demo: Task | null, loaded: string | null): string {
    if (demo?.error) return `Lần trước lỗi: ${demo.error}`;
    if (demo?.result?.next) return demo.result.next;
    if (loaded) return loaded;
    return 'Tạo sổ hồ sơ mẫu, mẫu khảo sát, phiếu in và vài trăm phiếu quét đã điền để thử mọi màn hình.';
  }

  async function loadDemo() {
    try {
      const answer = await api<{ alreadyLoaded?: boolean; message?: string }>('POST', '/api/demo');
      toast(answer.alreadyLoaded ? (answer.message ?? '') : 'Đang tạo dữ liệu mẫu…');
      refresh();
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }

  const tile = (label: string, value: number, href?: string) => h(href ? 'a' : 'div', { class: 'tile', href }, h('strong', {}, fmt.format(value)), h('span', {}, label));
  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), 2000);
  return () => clearInterval(timer);
}
