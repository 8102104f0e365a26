import { api } from '../api.js';
import { answerView, optionName } from '../answers.js';
import { h, replace, toast } from '../dom.js';
import { FIELD_REASON_LABELS, REVIEW_QUEUE_LABELS as QUEUE_LABELS } from '../labels.js';

const isChoice = (kind) => kind === 'single' || kind === 'multiple' || kind === 'scale';

/**
 * The review screen. Keyboard first: option keys choose, Space toggles the option under the cursor, Enter accepts
 * and shows the next item at once (the decision is saved behind it), Backspace goes back, F9 or * refers the item
 * to a supervisor. Items are claimed a few at a time and their images fetched ahead.
 */
export async function render(main, { user }) {
  const supervisor = user.permissions.includes('supervise');
  // `left`: items accepted or referred here, whose decision may still be on its way to the server.
  const s = { queue: 'open', reviewQueue: 'counting', counts: null, emptied: new Set(), filter: {}, buffer: [], current: null, selection: [], cursor: 0, history: [], left: [], saving: Promise.resolve(), fetching: null, empty: false };
  const stats = (window.__phieuReview = { keys: 0, resolved: 0, nextItemMs: [] });

  const filters = await api('GET', '/api/review/filters');
  const select = (name, label, options) =>
    h('label', { class: 'inline' }, label, h('select', { onchange: (e) => setFilter(name, e.target.value) }, h('option', { value: '' }, 'Tất cả'), options));
  const queuePicker = h('select', { onchange: (e) => switchQueue(e.target.value) }, Object.entries(QUEUE_LABELS).map(([value, label]) => h('option', { value }, label)));
  const bar = h(
    'div',
    { class: 'filters' },
    user.permissions.includes('transcribe') && h('label', { class: 'inline' }, 'Loại việc', queuePicker),
    supervisor && h('label', { class: 'inline' }, 'Hàng đợi', h('select', { onchange: (e) => { s.queue = e.target.value; restart(); } }, h('option', { value: 'open' }, 'Chờ duyệt'), h('option', { value: 'referred' }, 'Chuyển lên giám sát'))),
    select('office', 'Cơ quan', filters.offices.map((o) => h('option', { value: o.code }, o.name))),
    select('questionId', 'Câu hỏi', filters.questions.map((q) => h('option', { value: q.id, title: q.text }, q.text))),
    select('reason', 'Lý do', filters.reasons.map((r) => h('option', { value: r }, FIELD_REASON_LABELS[r] ?? r))),
    select('batch', 'Lô', filters.batches.map((b) => h('option', { value: b.name }, b.name))),
  );
  const statusLine = h('div', { class: 'statusline' });
  const queueLine = h('div', { class: 'statusline queues' });
  const work = h('div', { class: 'review' });
  const legend = h(
    'p',
    { class: 'legend' },
    h('kbd', {}, '1–9'), ' chọn · ', h('kbd', {}, '↑↓'), ' di chuyển · ', h('kbd', {}, 'Space'), ' bật/tắt · ', h('kbd', {}, '0'), ' không trả lời · ',
    h('kbd', {}, 'Enter'), ' chấp nhận · ', h('kbd', {}, 'Backspace'), ' quay lại (ô chữ: ', h('kbd', {}, 'Shift+Backspace'), ') · ', h('kbd', {}, 'F9'), '/', h('kbd', {}, '*'), ' chuyển giám sát',
  );
  replace(main, h('section', { class: 'review-screen' }, bar, queueLine, statusLine, work, legend));

  function setFilter(name, value) {
    s.filter[name] = value || undefined;
    s.emptied.clear();
    restart();
  }

  /** Items left in each queue, and the forms read: counting items are what keeps forms out of the results. */
  async function refreshCounts() {
    const counts = await api('GET', '/api/review/stats');
    s.counts = counts;
    [...queuePicker.options].forEach((o) => (o.textContent = `${QUEUE_LABELS[o.value]} (${counts.open[o.value]})`));
    replace(
      queueLine,
      `${counts.forms} phiếu đã đọc · còn ${counts.open.counting} mục ${QUEUE_LABELS.counting.toLowerCase()} (giữ phiếu khỏi kết quả) · ${counts.open.transcription} mục ${QUEUE_LABELS.transcription.toLowerCase()} (không giữ phiếu)`,
    );
  }

  /**
   * The other queue, when it has items and this user may work it. One found empty here is not offered again (its
   * open items may be referred ones, which only supervisors take), so the offer never goes back and forth.
   */
  function otherQueueWaiting() {
    const other = s.reviewQueue === 'counting' ? 'transcription' : 'counting';
    return user.permissions.includes('transcribe') && !s.emptied.has(other) && s.counts?.open[other] > 0 ? other : null;
  }

  function switchQueue(queue) {
    s.reviewQueue = queue;
    queuePicker.value = queue;
    restart();
  }

  async function restart() {
    refreshCounts().catch(() => {});
    await api('POST', '/api/review/release');
    s.buffer = [];
    s.current = null;
    s.empty = false;
    await refill();
    next();
  }

  function preload(item) {
    for (const url of [`/api/review/items/${item.id}/clip`, `/api/review/items/${item.id}/page`]) {
      const img = new Image();
      img.src = url;
      item.preloaded = (item.preloaded ?? []).concat(img);
    }
  }

  async function refill() {
    if (s.fetching) return s.fetching;
    if (s.buffer.length >= 2) return;
    s.fetching = api('POST', '/api/review/next', {
      queue: s.queue,
      reviewQueue: s.reviewQueue,
      filter: s.filter,
      // Items just accepted or referred may still be on their way to the server: never claim them back.
      exclude: [s.current?.id, ...s.buffer.map((i) => i.id), ...s.left.slice(-40)].filter(Boolean),
      count: 3,
    })
      .then(({ items }) => {
        for (const item of items) {
          if (item.id === s.current?.id || s.buffer.some((b) => b.id === item.id)) continue;
          preload(item);
          s.buffer.push(item);
        }
        s.empty = items.length === 0;
      })
      .finally(() => (s.fetching = null));
    return s.fetching;
  }

  function next() {
    const item = s.buffer.shift();
    if (item) show(item);
    else {
      s.current = null;
      renderEmpty();
    }
    refill().then(() => {
      if (!s.current && s.buffer.length) next();
    });
  }

  /**
   * The queue is empty. Whether the other one has work is asked once the decisions made here have landed, so the
   * offer to switch is never stale; `data-counted` says it was asked.
   */
  function renderEmpty() {
    s.emptied.add(s.reviewQueue);
    drawEmpty(false);
    s.saving
      .then(refreshCounts)
      .then(() => !s.current && drawEmpty(true))
      .catch(() => {});
  }

  function drawEmpty(counted) {
    const other = counted ? otherQueueWaiting() : null;
    replace(
      work,
      h(
        'div',
        { class: 'card empty', 'data-switch': other ?? false, 'data-counted': counted },
        h('h2', {}, `Không còn mục ${QUEUE_LABELS[s.reviewQueue].toLowerCase()} nào cần duyệt`),
        other && h('p', {}, `Còn ${s.counts.open[other]} mục ${QUEUE_LABELS[other].toLowerCase()}: nhấn `, h('kbd', {}, 'Enter'), ' để chuyển sang (hoặc chọn ở ô "Loại việc").'),
        h('p', { class: 'muted' }, 'Trang sẽ tự lấy mục mới khi có phiếu được quét.'),
      ),
    );
    updateStatus();
  }

  function show(item) {
    s.current = item;
    s.selection = Array.isArray(item.suggestion) ? [...item.suggestion] : item.suggestion;
    s.cursor = 0;
    renderItem();
  }

  function renderItem() {
    const item = s.current;
    const q = item.question;
    const rect = item.fieldRect;
    const pct = (v, of) => `${((v / of) * 100).toFixed(2)}%`;
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
        'div',
        { class: 'item', 'data-item': String(item.id) },
        h(
          'div',
          { class: 'field' },
          h('p', { class: 'meta' }, `Phiếu ${item.serial} · trang ${item.pageNumber} · ${item.surveyName}${item.office ? ` · ${item.office}` : ''}`),
          h('p', { class: 'reasons' }, item.reasons.map((r) => h('span', { class: 'tag' }, FIELD_REASON_LABELS[r] ?? r)), item.status === 'resolved' && h('span', { class: 'tag done' }, 'Đã duyệt — sửa lại')),
          q.heading && h('p', { class: 'heading' }, q.heading),
          h('h2', { class: 'question' }, q.text),
          h('img', { class: 'clip', src: `/api/review/items/${item.id}/clip`, alt: 'Ảnh phần trả lời' }),
          h('p', { class: 'machine' }, 'Máy đọc: ', machineRead(item)),
          answer,
          item.corrections.length > 0 && h('p', { class: 'muted' }, `Đã sửa ${item.corrections.length} lần, gần nhất bởi ${item.corrections.at(-1).reviewer}: `, answerView(item.corrections.at(-1).value, q.options)),
        ),
        page,
      ),
    );
    if (!isChoice(q.kind)) {
      const input = work.querySelector('input.keyed');
      input.focus();
      input.select();
    }
    updateStatus();
  }

  function machineRead(item) {
    const { value, boxes } = item.read;
    if (boxes) return boxes.map((b) => h('span', { class: `score ${b.state}` }, optionName(b), `: ${(b.score * 100).toFixed(0)} %`));
    if (value === null || value === undefined || value === '') return h('em', {}, 'chưa đọc được');
    return h('code', {}, value);
  }

  function choiceList(item) {
    return h(
      'ol',
      { class: 'choices', role: 'listbox', 'aria-multiselectable': String(item.question.kind === 'multiple') },
      item.question.options.map((option, index) => {
        const chosen = s.selection.includes(option.code);
        return h(
          'li',
          { class: `${chosen ? 'chosen' : ''} ${index === s.cursor ? 'cursor' : ''}`, role: 'option', 'aria-selected': String(chosen), onclick: () => choose(index) },
          h('span', { class: 'box' }, chosen ? '✔' : ''),
          optionName(option),
        );
      }),
    );
  }

  function keyedInput(item) {
    const q = item.question;
    const input = h('input', {
      class: 'keyed',
      value: s.selection,
      maxlength: q.kind === 'digits' ? String(q.length) : q.kind === 'date' ? '10' : '2000',
      inputmode: q.kind === 'digits' ? 'numeric' : 'text',
      placeholder: q.kind === 'date' ? 'dd/mm/yyyy' : q.kind === 'digits' ? `${q.length} chữ số` : '',
      spellcheck: false,
      oninput: (e) => (s.selection = e.target.value),
    });
    return h('label', { class: 'keyed-label' }, q.kind === 'text' ? 'Nội dung (gõ đè lên gợi ý)' : 'Giá trị', input);
  }

  function choose(index) {
    const q = s.current.question;
    const code = q.options[index]?.code;
    if (!code) return;
    const has = s.selection.includes(code);
    if (q.kind === 'multiple') s.selection = has ? s.selection.filter((c) => c !== code) : [...s.selection, code];
    // One answer: the key picks its option alone (off again only when it was the only one chosen).
    else s.selection = has && s.selection.length === 1 ? [] : [code];
    s.cursor = index;
    renderItem();
  }

  function accept() {
    const item = s.current;
    if (!item) return;
    const value = s.selection;
    s.history.push(item.id);
    s.left.push(item.id);
    stats.resolved++;
    const started = performance.now();
    next();
    stats.nextItemMs.push(performance.now() - started);
    s.saving = s.saving.then(() =>
      api('POST', `/api/review/items/${item.id}/decision`, { value })
        .then(({ outcome }) => {
          if (outcome === 'mismatch') toast('Hai lần nhập khác nhau: mục đã chuyển cho giám sát.');
        })
        .catch((error) => {
          toast(`Phiếu ${item.serial}, ${item.questionId}: ${error.message}`, 'error');
          stats.resolved--;
          s.history = s.history.filter((id) => id !== item.id);
          s.left = s.left.filter((id) => id !== item.id);
          if (error.status === 400) {
            if (s.current) s.buffer.unshift(s.current);
            show(item);
          }
        }),
    );
  }

  async function back() {
    const id = s.history.pop();
    if (!id) return toast('Chưa có mục nào để quay lại.');
    await s.saving;
    try {
      const item = await api('GET', `/api/review/items/${id}`);
      if (s.current) s.buffer.unshift(s.current);
      show(item);
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  function referCurrent() {
    const item = s.current;
    if (!item || item.status !== 'open') return;
    s.left.push(item.id);
    next();
    s.saving = s.saving.then(() =>
      api('POST', `/api/review/items/${item.id}/refer`, {})
        .then(() => toast(`Đã chuyển phiếu ${item.serial} (${item.questionId}) cho giám sát.`))
        .catch((e) => {
          s.left = s.left.filter((id) => id !== item.id);
          toast(e.message, 'error');
        }),
    );
  }

  function updateStatus() {
    const perItem = stats.resolved ? (stats.keys / stats.resolved).toFixed(1) : '–';
    const times = stats.nextItemMs;
    const last = times.length ? `${times.at(-1).toFixed(0)} ms` : '–';
    replace(statusLine, `Đã duyệt ${stats.resolved} mục · ${perItem} phím/mục · chuyển mục ${last}`, s.buffer.length ? ` · ${s.buffer.length} mục đã tải sẵn` : '');
  }

  function onKey(event) {
    if (!document.body.contains(work)) return;
    if (event.target.tagName === 'SELECT') return;
    stats.keys++;
    const inInput = event.target.tagName === 'INPUT';
    const q = s.current?.question;
    if (event.key === 'F9' || (event.key === '*' && !inInput)) {
      event.preventDefault();
      return referCurrent();
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      const offered = !s.current && work.querySelector('.empty')?.getAttribute('data-switch');
      return offered ? switchQueue(offered) : accept();
    }
    if (event.key === 'Backspace' && (!inInput || event.shiftKey || event.altKey)) {
      event.preventDefault();
      return back();
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
    if (!s.current && !s.fetching) refill().then(() => !s.current && s.buffer.length && next());
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
