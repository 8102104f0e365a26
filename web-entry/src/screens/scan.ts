import { api, messageOf, uploadFile } from '../api.js';
import { fmt, h, progressBar, replace, table, toast, when } from '../dom.js';
import { SCAN_SOURCE_LABELS } from '../labels.js';
import type { ScreenContext } from '../screen.js';

type UploadStatus = 'queued' | 'processing' | 'done' | 'rejected';
interface Progress {
  pagesDone: number;
  pagesKnown: number;
  needingReview: number;
}
/** A file sent to the server, where it stands. */
interface Upload {
  id: number;
  name: string;
  status: UploadStatus;
  pages?: number | null;
  error?: string | null;
  progress?: Progress | null;
  batch?: string | null;
  uploadedBy: string;
  receivedAt: string;
}
/** GET /api/scans/status */
interface ScanStatus {
  current: { name: string; uploadId: number; progress: Progress | null } | null;
  counts: Partial<Record<UploadStatus, number>>;
  uploads: Upload[];
  hotFolder: { dir: string; pending: unknown[]; rejected: unknown[]; recent: { file: string; status: string; pages: number; reason?: string; at: string }[] } | null;
  rejectedFiles: { name: string; error: string | null; source: string; receivedAt: string }[];
}

// Where a received file stands, the same words in the sender's list and in the table of files sent.
const STATUS_LABELS: Record<UploadStatus, string> = { queued: 'Đang chờ đọc', processing: 'Đang đọc', done: 'Đã đọc', rejected: 'Lỗi' };
const FINAL = new Set<UploadStatus>(['done', 'rejected']);

/** Scanning: drop many files at once; each is sent with its own progress bar, then read on the server. */
export async function render(main: HTMLElement, { user }: ScreenContext): Promise<() => void> {
  const canUpload = user.permissions.includes('scanUpload');
  const sending = h('div', { class: 'sending' });
  const live = h('div', { class: 'live' });
  const batch = h('input', { name: 'batch', placeholder: 'Tên lô (không bắt buộc), ví dụ: Bưu cục Huế 25/11' });
  const picker = h('input', { type: 'file', multiple: true, accept: '.pdf,.tif,.tiff,.jpg,.jpeg,.png', onchange: (e) => send([...((e.currentTarget as HTMLInputElement).files ?? [])]) });
  const drop: HTMLDivElement = h(
    'div',
    {
      class: 'dropzone',
      ondragover: (e: DragEvent) => { e.preventDefault(); drop.classList.add('over'); },
      ondragleave: (): void => drop.classList.remove('over'),
      ondrop: (e) => { e.preventDefault(); drop.classList.remove('over'); send([...(e.dataTransfer?.files ?? [])]); },
    },
    h('p', {}, 'Kéo thả tệp quét vào đây (PDF, TIFF, JPEG, PNG — nhiều tệp một lúc)'),
    h('label', { class: 'button' }, 'Chọn tệp…', picker),
  );
  replace(main, h('section', {}, h('h1', {}, 'Quét phiếu'), canUpload && h('div', { class: 'card' }, batch, drop, sending), live));
  // Files sent from this screen that the server has not finished reading: their rows follow the server's state.
  const following = new Map<number, HTMLElement>();

  async function send(files: File[]): Promise<void> {
    const rows = files.map((file) => ({ file, row: h('div', { class: 'upload-row' }, file.name, progressBar(0, file.size, 'chờ gửi')) }));
    sending.append(...rows.map((r) => r.row));
    // Two at a time: the link stays busy without a hundred requests racing.
    let nextIndex = 0;
    const worker = async () => {
      while (nextIndex < rows.length) {
        const { file, row } = rows[nextIndex++];
        try {
          const receipt = await uploadFile<{ id: number; status: UploadStatus; alreadyKnown?: boolean }>(file, batch.value.trim(), (loaded, total) => row.replaceChildren(file.name, progressBar(loaded, total, `${Math.round((loaded / total) * 100)}%`)));
          if (receipt.alreadyKnown && FINAL.has(receipt.status)) row.replaceChildren(file.name, h('span', { class: 'ok' }, ' — đã nhận trước đó, không đọc lại'));
          else {
            following.set(receipt.id, row);
            showState(row, file.name, { status: receipt.status });
          }
        } catch (error) {
          row.replaceChildren(file.name, h('span', { class: 'error' }, ` — ${messageOf(error)}`));
        }
      }
    };
    await Promise.all([worker(), worker()]);
    toast(`Đã gửi ${files.length} tệp.`);
    refresh();
  }

  function showState(row: HTMLElement, name: string, upload: Pick<Upload, 'status' | 'pages' | 'error' | 'progress'>): void {
    const label = ` — ${STATUS_LABELS[upload.status].toLowerCase()}`;
    if (upload.status === 'done') row.replaceChildren(name, h('span', { class: 'ok' }, `${label} (${upload.pages ?? 0} trang)`));
    else if (upload.status === 'rejected') row.replaceChildren(name, h('span', { class: 'error' }, `${label}: ${upload.error ?? ''}`));
    else if (upload.progress) row.replaceChildren(name, label, progressBar(upload.progress.pagesDone, upload.progress.pagesKnown, `${upload.progress.pagesDone}/${upload.progress.pagesKnown} trang`));
    else row.replaceChildren(name, label);
  }

  async function followSent() {
    if (!following.size) return;
    const { uploads } = await api<{ uploads: Upload[] }>('GET', `/api/uploads?ids=${[...following.keys()].slice(0, 500).join(',')}`);
    for (const upload of uploads) {
      const row = following.get(upload.id);
      if (row) showState(row, upload.name, upload);
      if (FINAL.has(upload.status)) following.delete(upload.id);
    }
  }

  async function cancel(current: NonNullable<ScanStatus['current']>): Promise<void> {
    if (!confirm(`Dừng đọc “${current.name}”? Các trang đã đọc được giữ lại; gửi lại tệp này để đọc tiếp phần còn lại.`)) return;
    try {
      await api('POST', '/api/scans/cancel', { uploadId: current.uploadId });
      toast('Đang dừng: các trang đang đọc dở sẽ được lưu xong.');
    } catch (error) {
      toast(messageOf(error), 'error');
    }
    refresh();
  }

  async function refresh() {
    if (!document.body.contains(live)) return;
    await followSent();
    const status = await api<ScanStatus>('GET', '/api/scans/status');
    const current = status.current;
    replace(
      live,
      h('div', { class: 'card' },
        h('h2', {}, 'Đang đọc'),
        current
          ? [h('p', {}, current.name), progressBar(current.progress?.pagesDone ?? 0, current.progress?.pagesKnown ?? 0, current.progress ? `${current.progress.pagesDone}/${current.progress.pagesKnown} trang · ${current.progress.needingReview} cần duyệt` : 'đang mở tệp…'), canUpload && h('button', { type: 'button', class: 'danger', onclick: () => cancel(current) }, 'Dừng đọc tệp này')]
          : h('p', { class: 'muted' }, 'Không có tệp nào đang đọc.'),
        h('p', { class: 'muted' }, `Chờ đọc: ${status.counts.queued ?? 0}`),
      ),
      h('div', { class: 'card' },
        h('h2', {}, 'Tệp đã gửi'),
        table(['Tệp', 'Lô', 'Người gửi', 'Trạng thái', 'Trang', 'Ghi chú', 'Lúc'], status.uploads.map((u) => [u.name, u.batch ?? '', u.uploadedBy, STATUS_LABELS[u.status] ?? u.status, u.pages ?? '', u.error ?? '', when(u.receivedAt)])),
      ),
      status.hotFolder && h('div', { class: 'card' },
        h('h2', {}, 'Thư mục quét tự động'),
        h('p', {}, h('code', {}, status.hotFolder.dir), ` · đang chờ: ${status.hotFolder.pending.length} tệp · bị từ chối: ${status.hotFolder.rejected.length} tệp`),
        status.hotFolder.recent.length > 0 && table(['Tệp', 'Kết quả', 'Trang', 'Lý do', 'Lúc'], status.hotFolder.recent.map((e) => [e.file, e.status === 'archived' ? 'Đã đọc' : 'Bị từ chối', fmt.format(e.pages), e.reason ?? '', when(e.at)])),
      ),
      h('div', { class: 'card' },
        h('h2', {}, 'Tệp bị từ chối'),
        status.rejectedFiles.length ? table(['Tệp', 'Lý do', 'Nguồn', 'Lúc'], status.rejectedFiles.map((f) => [f.name, f.error ?? '', SCAN_SOURCE_LABELS[f.source] ?? f.source, when(f.receivedAt)])) : h('p', { class: 'muted' }, 'Không có.'),
      ),
    );
  }
  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), 1500);
  return () => clearInterval(timer);
}
