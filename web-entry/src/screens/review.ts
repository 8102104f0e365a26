import type { QueuesLeft, ReviewFilters, ReviewItem, ReviewNext, ReviewQueueName, ReviewStats } from '../../../src/web/api.js';
import { api, ApiError, messageOf } from '../api.js';
import { answerView, optionName } from '../answers.js';
import { h, replace, toast, type Child } from '../dom.js';
import type { ScreenContext } from '../screen.js';
import { FIELD_REASON_LABELS, MESSAGES, REVIEW_QUEUE_LABELS as QUEUE_LABELS, REVIEW_STATUS_LABELS } from '../labels.js';

const isChoice = (kind: string | undefined) => kind === 'single' || kind === 'multiple' || kind === 'scale';
const isTyping = (target: HTMLElement) => target.tagName === 'INPUT' || target.tagName === 'TEXTAREA';
/** Alt+letter moves to a filter (KeyboardEvent.code, so the letter is the same on any keyboard layout). */
type Control = 'reviewQueue' | 'queue' | 'office' | 'questionId' | 'reason' | 'batch' | 'find';
const FILTER_KEYS: Record<string, Control> = { KeyV: 'reviewQueue', KeyG: 'queue', KeyO: 'office', KeyC: 'questionId', KeyD: 'reason', KeyL: 'batch', KeyF: 'find' };

/**
 * The review screen. Keyboard first: option keys choose, Space toggles the option under the cursor, Enter accepts
 * and shows the next item at once (the decision is saved behind it), Backspace goes back, Ctrl+Z takes the last
 * decision back, F9 or * refers the item to a supervisor, Alt+letter moves to a filter. Items are claimed a few at a
 * time and their images fetched ahead.
 */
export async function render(main: HTMLElement, { user }: ScreenContext): Promise<() => void> {
  const supervisor = user.permissions.includes('supervise');
  // `left`: items accepted or referred here, whose decision may still be on its way to the server.
  // `remaining`: what the server said is left for this reviewer when it had nothing to give (null while unknown).
  const s: {
    queue: 'open' | 'referred';
    reviewQueue: ReviewQueueName;
    counts: ReviewStats | null;
    remaining: QueuesLeft | null;
    emptyCheck: number;
    filter: Record<string, string | undefined>;
    buffer: ReviewItem[];
    current: ReviewItem | null;
    selection: string[] | string;
    cursor: number;
    history: number[];
    left: number[];
    saving: Promise<unknown>;
    fetching: Promise<void> | null;
    /** Which of the machine's doubtful digits is selected to type over. */
    spot: number;
    /** The queue Enter moves to from the empty screen, when the other one has work. */
    offered: ReviewQueueName | null;
  } = { queue: 'open', reviewQueue: 'counting', counts: null, remaining: null, emptyCheck: 0, filter: {}, buffer: [], current: null, selection: [], cursor: 0, history: [], left: [], saving: Promise.resolve(), fetching: null, spot: 0, offered: null };
  // What the status line shows: items decided here, keys pressed, how long the last item took to come.
  const stats: { keys: number; resolved: number; nextItemMs: number[] } = { keys: 0, resolved: 0, nextItemMs: [] };

  const filters = await api<ReviewFilters>('GET', '/api/review/filters');
  const controls: Partial<Record<Control, HTMLInputElement | HTMLSelectElement>> = {};
  const keyHint = (code: string) => h('kbd', { class: 'hint' }, `Alt+${code.slice(3)}`);
  const labelled = (name: Control, label: string, control: HTMLInputElement | HTMLSelectElement) => {
    controls[name] = control;
    // What the screen shows now; arrow keys move the choice, Enter applies it (see onKey).
    control.dataset.applied = control.value;
    control.addEventListener('change', () => (control.dataset.applied = control.value));
    const code = Object.keys(FILTER_KEYS).find((k) => FILTER_KEYS[k] === name);
    return h('label', { class: 'inline' }, label, code && keyHint(code), control);
  };
  const select = (name: Control, label: string, options: Child) =>
    labelled(name, label, h('select', { onchange: (e) => setFilter(name, (e.currentTarget as HTMLSelectElement).value) }, h('option', { value: '' }, 'Tất cả'), options));
  const queuePicker = h('select', { onchange: (e) => switchQueue((e.currentTarget as HTMLSelectElement).value as ReviewQueueName) }, Object.entries(QUEUE_LABELS).map(([value, label]) => h('option', { value }, label)));
  const bar = h(
    'div',
    { class: 'filters' },
    user.permissions.includes('transcribe') && labelled('reviewQueue', 'Loại việc', queuePicker),
    supervisor && labelled('queue', 'Hàng đợi', h('select', { onchange: (e) => { s.queue = (e.currentTarget as HTMLSelectElement).value as 'open' | 'referred'; restart(); } }, (['open', 'referred'] as const).map((status) => h('option', { value: status }, REVIEW_STATUS_LABELS[status])))),
    select('office', 'Cơ quan', filters.offices.map((o) => h('option', { value: o.code }, o.name))),
    select('questionId', 'Câu hỏi', filters.questions.map((q) => h('option', { value: q.id, title: q.text }, q.text))),
    select('reason', 'Lý do', filters.reasons.map((r) => h('option', { value: r }, FIELD_REASON_LABELS[r] ?? r))),
    select('batch', 'Lô', filters.batches.map((b) => h('option', { value: b.name }, b.name))),
    user.permissions.includes('forms') && labelled('find', 'Tìm phiếu', h('input', { class: 'find', type: 'search', placeholder: MESSAGES.formOrCase, inputmode: 'numeric', size: '20' })),
  );
  const statusLine = h('div', { class: 'statusline', role: 'status', 'aria-label': 'Tiến độ duyệt' });
  const queueLine = h('div', { class: 'statusline queues', role: 'status', 'aria-label': 'Mục còn lại' });
  const work = h('div', { class: 'review' });
  // Above the item, so it is on screen whatever the size of the clip and the page.
  const legend = h(
    'p',
    { class: 'legend', 'aria-label': 'Phím tắt' },
    h('kbd', {}, '1–9'), ' chọn (ô số: chọn gợi ý) · ', h('kbd', {}, '↑↓'), ' di chuyển · ', h('kbd', {}, 'Space'), ' bật/tắt · ', h('kbd', {}, '0'), ' không trả lời · ',
    h('kbd', {}, 'Enter'), ' chấp nhận · ', h('kbd', {}, 'Shift+Enter'), ' xuống dòng · ', h('kbd', {}, 'Backspace'), ' quay lại (ô chữ: ', h('kbd', {}, 'Shift+Backspace'), ') · ',
    h('kbd', {}, 'Ctrl+Z'), ' hoàn tác · ', h('kbd', {}, 'F9'), '/', h('kbd', {}, '*'), ' chuyển giám sát · ', h('kbd', {}, 'Alt+chữ'), ' bộ lọc, tìm phiếu (ghi cạnh ô) · ', h('kbd', {}, 'Esc'), ' về mục',
  );
  replace(main, h('section', { class: 'review-screen' }, bar, legend, queueLine, statusLine, work));

  function setFilter(name: Control, value: string): void {
    s.filter[name] = value || undefined;
    restart();
  }

  /** Items left in each queue, and the forms read: counting items are what keeps forms out of the results. */
  async function refreshCounts(): Promise<void> {
    const counts = await api<ReviewStats>('GET', '/api/review/stats');
    s.counts = counts;
    [...queuePicker.options].forEach((o) => (o.textContent = `${QUEUE_LABELS[o.value]} (${counts.open[o.value as ReviewQueueName]})`));
    replace(
      queueLine,
      'Còn lại: ',
      h('strong', {}, `${QUEUE_LABELS.counting}: ${counts.open.counting} mục`),
      ' (giữ phiếu khỏi kết quả) · ',
      h('strong', {}, `${QUEUE_LABELS.transcription}: ${counts.open.transcription} mục`),
      ` (không giữ phiếu) · ${counts.keptAsImages} câu viết tay giữ dạng ảnh (không phải gõ) · ${counts.forms} phiếu đã đọc`,
    );
  }

  function switchQueue(queue: ReviewQueueName): void {
    s.reviewQueue = queue;
    queuePicker.value = queue;
    restart();
  }

  async function restart(): Promise<void> {
    refreshCounts().catch(() => {});
    await api('POST', '/api/review/release');
    s.buffer = [];
    s.current = null;
    await refill();
    next();
  }

  // The images of items claimed ahead, kept until the item is shown so the browser does not drop them from its cache.
  const preloaded = new WeakMap<ReviewItem, HTMLImageElement[]>();
  function preload(item: ReviewItem): void {
    preloaded.set(item, [`/api/review/items/${item.id}/clip`, `/api/review/items/${item.id}/page`].map((url) => Object.assign(new Image(), { src: url })));
  }

  async function refill(): Promise<void> {
    if (s.fetching) return s.fetching;
    if (s.buffer.length >= 2) return;
    s.fetching = api<ReviewNext>('POST', '/api/review/next', {
      queue: s.queue,
      reviewQueue: s.reviewQueue,
      filter: s.filter,
      // Items just accepted or referred may still be on their way to the server: never claim them back.
      exclude: [s.current?.id, ...s.buffer.map((i) => i.id), ...s.left.slice(-40)].filter(Boolean),
      count: 3,
    })
      .then(({ items, left }) => {
        for (const item of items) {
          if (item.id === s.current?.id || s.buffer.some((b) => b.id === item.id)) continue;
          preload(item);
          s.buffer.push(item);
        }
        s.remaining = left ?? null;
      })
      .finally(() => {
        s.fetching = null;
      });
    return s.fetching;
  }

  function next(): void {
    const item = s.buffer.shift();
    if (item) show(item);
    else {
      s.current = null;
      drawEmpty(null);
    }
    refill().then(() => {
      if (s.current) return;
      if (s.buffer.length) next();
      else settleEmpty();
    });
  }

  /**
   * Nothing to show. What is left is asked again once the decisions made here have landed (items on their way are
   * still open on the server), so "Không còn mục nào" is said only when this reviewer's queues are really empty.
   */
  function settleEmpty(): void {
    const check = ++s.emptyCheck;
    s.saving
      .then(() => Promise.all([refill(), refreshCounts()]))
      .then(() => {
        if (s.current || check !== s.emptyCheck) return;
        if (s.buffer.length) next();
        else drawEmpty(s.remaining);
      })
      .catch(() => {});
  }

  /** The empty screen for what is left: a region named by its title, which says whether anything is left and where. */
  function drawEmpty(remaining: QueuesLeft | null): void {
    const here = s.reviewQueue;
    const other = here === 'counting' ? 'transcription' : 'counting';
    const label = (queue: ReviewQueueName) => QUEUE_LABELS[queue].toLowerCase();
    const mayOther = user.permissions.includes('transcribe');
    const filtered = Object.values(s.filter).some(Boolean);
    const available = remaining?.[here].available ?? 0;
    const offered = remaining && mayOther && remaining[other].available > 0 ? other : null;
    s.offered = offered;
    const held = remaining ? remaining[here].heldByOthers + (mayOther ? remaining[other].heldByOthers : 0) : 0;
    const [title, ...lines]: Child[] =
      remaining === null || (available > 0 && !filtered)
        ? ['Đang lấy mục tiếp theo…']
        : available > 0
          ? ['Không có mục nào khớp bộ lọc', `Còn ${available} mục ${label(here)} khác: đặt bộ lọc về "Tất cả" để duyệt tiếp.`]
          : offered
            ? [`Đã hết mục ${label(here)}`, h('span', {}, `Còn ${remaining![other].available} mục ${label(other)}: nhấn `, h('kbd', {}, 'Enter'), ' để chuyển sang (hoặc chọn ở ô "Loại việc").')]
            : held > 0
              ? ['Các mục còn lại đang có người khác duyệt', `${held} mục đang được người duyệt khác giữ; mục nào họ bỏ dở sẽ về đây sau 10 phút.`]
              : ['Không còn mục nào cần duyệt', 'Trang sẽ tự lấy mục mới khi có phiếu được quét.'];
    replace(
      work,
      h(
        'section',
        { class: 'card empty', 'aria-labelledby': 'review-empty-title' },
        h('h2', { id: 'review-empty-title' }, title),
        lines.map((line) => h('p', { class: 'muted' }, line)),
      ),
    );
    updateStatus();
  }

  function show(item: ReviewItem): void {
    s.current = item;
    const offered = candidatesOf(item);
    // Enter alone takes the likeliest value the register or the calendar allows (it is often right where the machine's
    // own digits are not); Tab types over the machine's read instead. A decision already made is shown as it was.
    if (offered.length && !item.corrections.length) s.selection = candidateValue(item, offered[0]);
    else s.selection = Array.isArray(item.suggestion) ? [...item.suggestion] : item.suggestion;
    s.cursor = 0;
    renderItem();
  }

  function renderItem(): void {
    const item = s.current!;
    const q = item.question;
    const rect = item.fieldRect;
    const pct = (v: number, of: number) => `${((v / of) * 100).toFixed(2)}%`;
    const page = h(
      'div',
      { class: 'page-view' },
      h('img', { src: `/api/review/items/${item.id}/page`, alt: `Trang ${item.pageNumber} của phiếu ${item.serial}` }),
      h('div', { class: 'outline', style: { left: pct(rect.x - 4, item.pageSize.width), top: pct(rect.y - 4, item.pageSize.height), width: pct(rect.w + 8, item.pageSize.width), height: pct(rect.h + 8, item.pageSize.height) } }),
    );
    const answer = isChoice(q.kind) ? choiceList(item) : keyedInput(item);
    replace(
      work,
      h(
        'article',
        // Named for a screen reader as the meta line shows it: the item's number, its form and its question.
        { class: 'item', 'aria-label': `Mục ${item.id}: phiếu ${item.serial}, ${q.text}` },
        h(
          'div',
          { class: 'field' },
          h('p', { class: 'meta' }, `Mục ${item.id} · Phiếu ${item.serial} · trang ${item.pageNumber} · ${item.surveyName}${item.office ? ` · ${item.office}` : ''}`),
          h('p', { class: 'reasons' }, item.reasons.map((r) => h('span', { class: 'tag' }, FIELD_REASON_LABELS[r] ?? r)), item.status === 'resolved' && h('span', { class: 'tag done' }, 'Đã duyệt — sửa lại')),
          q.heading && h('p', { class: 'heading' }, q.heading),
          h('h2', { class: 'question' }, q.text),
          h('img', { class: 'clip', src: `/api/review/items/${item.id}/clip`, alt: 'Ảnh phần trả lời' }),
          h('p', { class: 'machine' }, 'Máy đọc: ', machineRead(item), doubtfulHint(item)),
          candidateList(item),
          answer,
          item.corrections.length > 0 && h('p', { class: 'muted' }, `Đã sửa ${item.corrections.length} lần, gần nhất bởi ${item.corrections.at(-1)!.reviewer}: `, answerView(item.corrections.at(-1)!.value, q.options)),
        ),
        page,
      ),
    );
    focusItem();
    updateStatus();
  }

  function machineRead(item: ReviewItem): Child {
    const { value, boxes } = item.read;
    if (boxes) return boxes.map((b) => h('span', { class: `score ${b.state}` }, optionName(b), `: ${(b.score * 100).toFixed(0)} %`));
    if (value === null || value === undefined || value === '') return h('em', {}, 'chưa đọc được');
    return h('code', {}, value);
  }

  function doubtfulHint(item: ReviewItem): Child {
    const cells = item.read.doubtfulCells ?? [];
    return cells.length > 0 && h('span', { class: 'doubtful-cells' }, ` · ô máy không chắc (khung đỏ trên ảnh): ${cells.map((i) => i + 1).join(', ')}`);
  }

  function choiceList(item: ReviewItem): HTMLElement {
    return h(
      'ol',
      { class: 'choices', role: 'listbox', 'aria-multiselectable': String(item.question.kind === 'multiple') },
      item.question.options.map((option, index) => {
        const chosen = s.selection.includes(option.code);
        return h(
          'li',
          { class: `${chosen ? 'chosen' : ''} ${index === s.cursor ? 'cursor' : ''}`, role: 'option', 'aria-selected': String(chosen), onclick: () => choose(index) },
          // The tick is the option's state, which aria-selected says: not part of its name.
          h('span', { class: 'box', 'aria-hidden': 'true' }, chosen ? '✔' : ''),
          optionName(option),
        );
      }),
    );
  }

  /**
   * Where the focus belongs for the item shown: in the answer box (see focusKeyed) — unless the machine offers
   * candidates, which keys 1–3 pick (Enter the first), so it stays off the box until Tab or a key that types something
   * else.
   */
  function focusItem(): void {
    const input = work.querySelector<HTMLInputElement | HTMLTextAreaElement>('.keyed');
    if (input && !candidatesOf(s.current).length) focusKeyed(input);
    else (document.activeElement as HTMLElement | null)?.blur();
  }

  /**
   * The answer box, ready to type: on the machine's digits, the first digit it doubts (or its least sure one, or the
   * place of a struck-out cell) is selected, so a key puts the right one there and moves to the next such place, and
   * Enter accepts; otherwise all of it, to type over.
   */
  function focusKeyed(input: HTMLInputElement | HTMLTextAreaElement): void {
    input.focus();
    const spots = typeOverOf(s.current, input.value);
    s.spot = 0;
    if (!spots.length) input.select();
    else input.setSelectionRange(...spots[0]);
  }

  /** The places to type over (ranges of the value read), while the box still holds the machine's read as it was. */
  function typeOverOf(item: ReviewItem | null, shown: ReviewItem['suggestion']): [number, number][] {
    return shown === item?.read.value ? (item.read.typeOver ?? []) : [];
  }

  /**
   * A digit typed at the place selected: the next place is selected (shifted by the digits put in so far), as long as
   * the box holds what one key per place makes of the machine's read.
   */
  function nextSpot(input: HTMLInputElement | HTMLTextAreaElement): void {
    const spots = s.current?.read.typeOver ?? [];
    const done = spots.slice(0, s.spot + 1);
    const inserted = done.filter(([a, b]) => a === b).length;
    const [start] = spots[s.spot] ?? [];
    const expected = start === undefined ? -1 : start + inserted - (spots[s.spot][0] === spots[s.spot][1] ? 1 : 0) + 1;
    if (input.selectionStart !== input.selectionEnd || input.selectionStart !== expected || input.value.length !== String(s.current?.read.value ?? '').length + inserted) {
      s.spot = spots.length;
      return;
    }
    s.spot++;
    const next = spots[s.spot];
    if (next) input.setSelectionRange(next[0] + inserted, next[1] + inserted);
  }

  function keyedInput(item: ReviewItem): HTMLElement {
    const q = item.question;
    // Comments run to several lines: a box that shows them (Enter still accepts; Shift+Enter starts a new line).
    const input = h(q.kind === 'text' ? 'textarea' : 'input', {
      class: 'keyed',
      rows: q.kind === 'text' ? '4' : undefined,
      maxlength: q.kind === 'digits' ? String(q.length) : q.kind === 'date' ? '10' : '2000',
      inputmode: q.kind === 'digits' || q.kind === 'date' ? 'numeric' : 'text',
      placeholder: q.kind === 'date' ? 'dd/mm/yyyy' : q.kind === 'digits' ? `${q.length} chữ số` : '',
      spellcheck: false,
      oninput: (e: Event) => {
        const box = e.currentTarget as HTMLInputElement;
        s.selection = box.value;
        if ((e as InputEvent).inputType === 'insertText' && (q.kind === 'digits' || q.kind === 'date')) nextSpot(box);
      },
    });
    input.value = String(s.selection);
    const doubtful = typeOverOf(item, s.selection).length > 0 ? ' — chữ số máy ít chắc nhất đã được chọn: gõ đè từng chữ số, Enter chấp nhận' : '';
    const hint = (q.kind === 'date' ? 'Ngày (gõ 05032025 hoặc 05/03/2025)' : q.kind === 'text' ? 'Nội dung (gõ đè lên gợi ý)' : 'Giá trị') + doubtful;
    return h('label', { class: 'keyed-label' }, hint, input);
  }

  /** The values the register or the calendar allow that the machine finds likeliest for a doubtful digit field. */
  function candidatesOf(item: ReviewItem | null): string[] {
    const kind = item?.question.kind;
    return item && (kind === 'digits' || kind === 'date') ? (item.read.candidates ?? []).slice(0, 3) : [];
  }

  /** A digit field is stored as its digits alone; a register may write its codes with dots. */
  const candidateValue = (item: ReviewItem, candidate: string) => (item.question.kind === 'digits' ? candidate.replace(/\D/g, '') : candidate);

  function candidateList(item: ReviewItem): HTMLElement | null {
    const offered = candidatesOf(item);
    if (!offered.length) return null;
    return h(
      'div',
      { class: 'candidates' },
      h('span', { class: 'muted' }, 'Gợi ý (Enter nhận gợi ý 1, nhấn số để chọn gợi ý khác, Tab để gõ): '),
      h(
        'ol',
        { 'aria-label': 'Gợi ý' },
        offered.map((candidate, index) =>
          h('li', { class: candidateValue(item, candidate) === s.selection ? 'chosen' : '', onclick: () => pickCandidate(index) }, h('kbd', {}, String(index + 1)), ' ', h('code', {}, candidate)),
        ),
      ),
    );
  }

  function pickCandidate(index: number): void {
    const item = s.current!;
    s.selection = candidateValue(item, candidatesOf(item)[index]);
    renderItem();
  }

  function choose(index: number): void {
    const q = s.current!.question;
    const selection = Array.isArray(s.selection) ? s.selection : [];
    const code = q.options[index]?.code;
    if (!code) return;
    const has = selection.includes(code);
    if (q.kind === 'multiple') s.selection = has ? selection.filter((c) => c !== code) : [...selection, code];
    // One answer: the key picks its option alone (off again only when it was the only one chosen).
    else s.selection = has && selection.length === 1 ? [] : [code];
    s.cursor = index;
    renderItem();
  }

  function accept(): void {
    const item = s.current;
    if (!item) return;
    const value = s.selection;
    s.history.push(item.id);
    s.left.push(item.id);
    stats.resolved++;
    const started = performance.now();
    next();
    stats.nextItemMs.push(performance.now() - started);
    updateStatus();
    s.saving = s.saving.then(() =>
      api<{ outcome: string }>('POST', `/api/review/items/${item.id}/decision`, { value })
        .then(({ outcome }) => {
          if (outcome === 'mismatch') toast('Hai lần nhập khác nhau: mục đã chuyển cho giám sát.');
          refreshCounts().catch(() => {});
        })
        .catch((error: unknown) => {
          toast(`Phiếu ${item.serial}, ${item.questionId}: ${messageOf(error)}`, 'error');
          stats.resolved--;
          s.history = s.history.filter((id) => id !== item.id);
          s.left = s.left.filter((id) => id !== item.id);
          if (error instanceof ApiError && error.status === 400) {
            if (s.current) s.buffer.unshift(s.current);
            show(item);
          }
        }),
    );
  }

  async function back(): Promise<void> {
    const id = s.history.pop();
    if (!id) return toast('Chưa có mục nào để quay lại.');
    await s.saving;
    try {
      const item = await api<ReviewItem>('GET', `/api/review/items/${id}`);
      if (s.current) s.buffer.unshift(s.current);
      show(item);
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }

  /** Ctrl+Z: the last decision made here (or before, by this reviewer) taken back on the server, its item shown again. */
  async function undo(): Promise<void> {
    await s.saving;
    try {
      const { item } = await api<{ item: ReviewItem }>('POST', '/api/review/undo');
      s.history = s.history.filter((id) => id !== item.id);
      s.left = s.left.filter((id) => id !== item.id);
      s.buffer = s.buffer.filter((b) => b.id !== item.id);
      stats.resolved = Math.max(0, stats.resolved - 1);
      if (s.current && s.current.id !== item.id) s.buffer.unshift(s.current);
      show(item);
      toast(`Đã hoàn tác: phiếu ${item.serial}, ${item.question.text} chờ duyệt lại.`);
      refreshCounts().catch(() => {});
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }

  function referCurrent(): void {
    const item = s.current;
    if (!item || item.status !== 'open') return;
    s.left.push(item.id);
    next();
    s.saving = s.saving.then(() =>
      api('POST', `/api/review/items/${item.id}/refer`, {})
        .then(() => toast(`Đã chuyển phiếu ${item.serial} (${item.questionId}) cho giám sát.`))
        .catch((e: unknown) => {
          s.left = s.left.filter((id) => id !== item.id);
          toast(messageOf(e), 'error');
        }),
    );
  }

  function updateStatus(): void {
    const perItem = stats.resolved ? (stats.keys / stats.resolved).toFixed(1) : '–';
    const times = stats.nextItemMs;
    const last = times.length ? `${times.at(-1)!.toFixed(0)} ms` : '–';
    replace(statusLine, `Đã duyệt ${stats.resolved} mục · ${perItem} phím/mục · chuyển mục ${last}`, s.buffer.length ? ` · ${s.buffer.length} mục đã tải sẵn` : '');
  }

  async function findForm(typed: string): Promise<void> {
    if (!typed.trim()) return;
    try {
      const { serial } = await api<{ serial: number }>('GET', `/api/forms/find?q=${encodeURIComponent(typed.trim())}`);
      location.hash = `#/phieu/${serial}`;
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }

  function onKey(event: KeyboardEvent): unknown {
    if (!document.body.contains(work)) return;
    const target = event.target as HTMLInputElement & HTMLSelectElement;
    const filter = event.altKey && controls[FILTER_KEYS[event.code]];
    if (filter) {
      event.preventDefault();
      filter.focus();
      return 'select' in filter ? filter.select() : undefined;
    }
    // In a filter, ↑↓ move the choice (closed, on every system) and Enter applies it; in the search box Enter finds
    // the form. Enter or Esc goes back to the item.
    if (target.tagName === 'SELECT' && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      target.selectedIndex = (target.selectedIndex + (event.key === 'ArrowDown' ? 1 : -1) + target.options.length) % target.options.length;
      return;
    }
    if (target.tagName === 'SELECT' || target === controls.find) {
      if (event.key === 'Escape' || event.key === 'Enter') {
        event.preventDefault();
        if (target === controls.find && event.key === 'Enter') return findForm(target.value);
        if (event.key === 'Enter' && target.value !== target.dataset.applied) target.dispatchEvent(new Event('change'));
        focusItem();
      }
      return;
    }
    stats.keys++;
    const inInput = isTyping(target);
    const q = s.current?.question;
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.code === 'KeyZ') {
      // In a box being typed in, Ctrl+Z undoes the typing, as everywhere; once nothing is typed, the last decision.
      if (inInput && target.value !== String(s.current?.suggestion ?? '')) return;
      event.preventDefault();
      return undo();
    }
    if (event.key === 'F9' || (event.key === '*' && !inInput)) {
      event.preventDefault();
      return referCurrent();
    }
    if (event.key === 'Enter') {
      if (event.shiftKey && target.tagName === 'TEXTAREA') return;
      event.preventDefault();
      const offered = !s.current && s.offered;
      return offered ? switchQueue(offered) : accept();
    }
    if (event.key === 'Backspace' && (!inInput || event.shiftKey || event.altKey)) {
      event.preventDefault();
      return back();
    }
    const offered = inInput ? [] : candidatesOf(s.current);
    // Tab goes to the box to type a value none of the candidates is (a date starting 1–3, say).
    if (offered.length && event.key === 'Tab' && !event.shiftKey) {
      event.preventDefault();
      // Typing starts from the machine's read, whose doubtful digits are then selected in turn.
      const input = work.querySelector<HTMLInputElement>('.keyed')!;
      input.value = String(s.current!.read.value ?? '');
      s.selection = input.value;
      return focusKeyed(input);
    }
    if (offered.length && event.key.length === 1 && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      const n = Number(event.key);
      if (n >= 1 && n <= offered.length) return pickCandidate(n - 1);
      // Any other key types over the machine's read, in the box.
      const input = work.querySelector<HTMLInputElement>('.keyed')!;
      input.focus();
      input.value = event.key;
      s.selection = event.key;
      return;
    }
    if (inInput || !q || !isChoice(q.kind)) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      s.cursor = (s.cursor + (event.key === 'ArrowDown' ? 1 : -1) + q.options.length) % q.options.length;
      return renderItem();
    }
    if (event.key === ' ') {
      event.preventDefault();
      return choose(s.cursor);
    }
    if (event.key === '0' || event.key === 'Delete') {
      s.selection = [];
      return renderItem();
    }
    const index = q.options.findIndex((o) => o.key === event.key.toLowerCase());
    if (index >= 0) choose(index);
  }

  document.addEventListener('keydown', onKey);
  const poll = setInterval(() => {
    refreshCounts().catch(() => {});
    if (!s.current && !s.fetching) refill().then(() => !s.current && (s.buffer.length ? next() : drawEmpty(s.remaining)));
  }, 4000);
  await refreshCounts();
  await refill();
  next();
  return () => {
    clearInterval(poll);
    document.removeEventListener('keydown', onKey);
    api('POST', '/api/review/release').catch(() => {});
  };
}
