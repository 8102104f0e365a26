import type { AnswerValue } from '../../src/web/api.js';
import { h, replace, type Child } from './dom.js';
import { answered, answerWidget, keypad, type KioskQuestion } from './kioskQuestion.js';

interface Section {
  heading?: string;
  questions: KioskQuestion[];
}
/** GET /api/kiosk/questionnaire: the office and survey the kiosk is bound to, and the questions to ask. */
interface Questionnaire {
  kiosk: { officeName: string };
  survey: { name: string; title: string };
  sections: Section[];
}
/** What the kiosk API answers: its data, or the Vietnamese reason it refused. */
type Answer = { error?: string; caseCode?: string; message?: string } & Partial<Questionnaire>;

// The desk kiosk: no log-in for the citizen. The kiosk is bound to an office and a survey by a token that an
// administrator makes (Quản trị → Ki-ốt khảo sát). Staff open the link shown once, /kiosk#kio_…, or type the token
// on the set-up screen. The token is then kept in localStorage and wiped from the address bar: a fragment never
// reaches the server or its logs, localStorage survives a restart of the kiosk, and nothing is left on screen for
// a citizen to copy. A revoked token sends the kiosk back to the set-up screen.

const TOKEN_KEY = 'phieu.kioskToken';
const IDLE_MS = 90_000; // a citizen who walked away: their answers are dropped and the next one starts afresh
const THANKS_MS = 8_000;

const root = document.getElementById('kiosk')!;
const state: {
  token: string | null;
  questionnaire: Questionnaire | null;
  questions: { section: Section; question: KioskQuestion }[];
  caseCode: string;
  answers: Record<string, AnswerValue>;
  index: number;
} = { token: null, questionnaire: null, questions: [], caseCode: '', answers: {}, index: 0 };
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let resetTimer: ReturnType<typeof setTimeout> | undefined;

function takeTokenFromFragment(): void {
  const m = /^#(kio_[A-Za-z0-9_-]{20,100})$/.exec(location.hash);
  if (!m) return;
  localStorage.setItem(TOKEN_KEY, m[1]);
  history.replaceState(null, '', location.pathname);
}

/** A kiosk request: the bearer token, never a cookie (the staff app may be open in the same browser). */
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; data: Answer }> {
  try {
    const response = await fetch(`/api/kiosk/${path}`, {
      method,
      credentials: 'omit',
      cache: 'no-store',
      headers: { Authorization: `Bearer ${state.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, data: ((await response.json().catch(() => ({}))) ?? {}) as Answer };
  } catch {
    return { status: 0, data: { error: 'Ki-ốt đang mất kết nối với máy chủ. Ông/Bà vui lòng thử lại sau ít phút hoặc báo cán bộ.' } };
  }
}

function show(screen: string, ...children: Child[]): void {
  clearTimeout(resetTimer);
  root.className = `kiosk-screen ${screen}`;
  replace(root, children);
  root.querySelector<HTMLElement>('[autofocus]')?.focus();
}

function header(): HTMLElement {
  const { kiosk, survey } = state.questionnaire!;
  return h('header', { class: 'kiosk-header' }, h('span', { class: 'kiosk-office' }, kiosk.officeName), h('span', { class: 'kiosk-survey' }, survey.name));
}

// ---- set-up (staff) ----

function setup(message?: string): void {
  const input = h('input', { class: 'kiosk-input', name: 'token', autocomplete: 'off', spellcheck: 'false', placeholder: 'kio_…', autofocus: true });
  show('kiosk-setup',
    h('h1', {}, 'Thiết lập ki-ốt khảo sát'),
    message && h('p', { class: 'kiosk-error', role: 'alert' }, message),
    h('p', {}, 'Cán bộ nhập mã ki-ốt do quản trị tạo (Quản trị → Ki-ốt khảo sát). Mã gắn ki-ốt với một cơ quan và một mẫu phiếu; ki-ốt ghi nhớ mã cho các lần sau.'),
    h('form', { class: 'kiosk-setup-form', onsubmit: async (e) => {
      e.preventDefault();
      const token = input.value.trim();
      if (!/^kio_[A-Za-z0-9_-]{20,100}$/.test(token)) return setup('Mã ki-ốt bắt đầu bằng “kio_”. Vui lòng kiểm tra lại.');
      localStorage.setItem(TOKEN_KEY, token);
      // Full screen needs a touch or key from a person: this one, once, from the staff member setting up.
      document.documentElement.requestFullscreen?.().catch(() => {});
      await start();
    } }, input, h('button', { type: 'submit', class: 'kiosk-primary' }, 'Lưu mã và bắt đầu')),
  );
}

async function start(): Promise<void> {
  state.token = localStorage.getItem(TOKEN_KEY);
  if (!state.token) return setup();
  const { status, data } = await call('GET', 'questionnaire');
  if (status === 401) {
    localStorage.removeItem(TOKEN_KEY);
    return setup(data.error);
  }
  if (status !== 200) {
    show('kiosk-notice', h('p', { class: 'kiosk-message' }, data.error ?? 'Ki-ốt chưa sẵn sàng.'));
    resetTimer = setTimeout(start, 15_000);
    return;
  }
  const questionnaire = data as Questionnaire;
  state.questionnaire = questionnaire;
  state.questions = questionnaire.sections.flatMap((section) => section.questions.map((question) => ({ section, question })));
  welcome();
}

// ---- the citizen's screens ----

function welcome(message?: string): void {
  state.caseCode = '';
  state.answers = {};
  state.index = 0;
  const input = h('input', { class: 'kiosk-input kiosk-case', name: 'caseCode', autocomplete: 'off', spellcheck: 'false', autocapitalize: 'characters', maxlength: '60', 'aria-label': 'Mã số hồ sơ' });
  const error = h('p', { class: 'kiosk-error', role: 'alert' }, message ?? '');
  const begin = h('button', { type: 'submit', class: 'kiosk-primary' }, 'Bắt đầu đánh giá');
  show('kiosk-welcome',
    header(),
    h('div', { class: 'kiosk-body' },
      h('h1', {}, 'Mời Ông/Bà đánh giá sự phục vụ'),
      h('p', { class: 'kiosk-lead' }, state.questionnaire!.survey.title),
      h('form', { class: 'kiosk-case-form', onsubmit: async (e) => {
        e.preventDefault();
        const code = input.value.trim();
        begin.disabled = true;
        const { status, data } = await call('POST', 'check', { caseCode: code });
        begin.disabled = false;
        if (status === 200) {
          state.caseCode = data.caseCode ?? code;
          return question(0);
        }
        if (status === 401) return start();
        if (status === 409) return notice(data.error ?? '');
        error.textContent = data.error ?? 'Chưa kiểm tra được mã hồ sơ. Ông/Bà vui lòng thử lại.';
      } },
        h('label', { class: 'kiosk-label' }, 'Mã số hồ sơ (ghi trên giấy hẹn trả kết quả)', input),
        keypad(['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '0', '-'], (key) => {
          input.value = key === '⌫' ? input.value.slice(0, -1) : (input.value + key).slice(0, 60);
          error.textContent = '';
        }),
        error,
        begin,
      ),
    ),
  );
}

function question(index: number): void {
  state.index = index;
  if (index >= state.questions.length) return review();
  const { section, question: q } = state.questions[index];
  const total = state.questions.length;
  const next = h('button', { type: 'button', class: 'kiosk-next', onclick: () => question(index + 1) });
  const label = () => {
    const done = answered(state.answers[q.id]);
    next.classList.toggle('answered', done);
    return done ? 'Tiếp tục ›' : 'Bỏ qua ›';
  };
  next.textContent = label();
  const widget = answerWidget(q, state.answers[q.id], (value, { advance }) => {
    state.answers[q.id] = value;
    next.textContent = label();
    // A short pause lets the citizen see which box took their touch before the next question comes.
    if (advance) setTimeout(() => state.index === index && question(index + 1), 280);
  });
  show('kiosk-question',
    header(),
    h('div', { class: 'kiosk-progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(total), 'aria-valuenow': String(index + 1) },
      h('span', {}, `Câu ${index + 1} / ${total}`),
      h('div', { class: 'kiosk-track' }, h('div', { class: 'kiosk-fill', style: { width: `${((index + 1) / total) * 100}%` } })),
    ),
    h('div', { class: 'kiosk-body' },
      section.heading && h('p', { class: 'kiosk-section' }, section.heading),
      h('h1', { class: 'kiosk-question-text', 'data-question': q.id }, q.text),
      widget,
    ),
    h('footer', { class: 'kiosk-nav' },
      h('button', { type: 'button', class: 'kiosk-back', onclick: () => (index === 0 ? welcome() : question(index - 1)) }, index === 0 ? '‹ Nhập lại mã hồ sơ' : '‹ Câu trước'),
      h('button', { type: 'button', class: 'kiosk-cancel', onclick: () => welcome() }, 'Hủy, làm lại từ đầu'),
      next,
    ),
  );
}

function review(): void {
  const total = state.questions.length;
  const done = state.questions.filter(({ question: q }) => answered(state.answers[q.id])).length;
  const send: HTMLButtonElement = h('button', { type: 'button', class: 'kiosk-primary', onclick: (): Promise<void> => submit(send) }, 'Gửi đánh giá');
  show('kiosk-review',
    header(),
    h('div', { class: 'kiosk-body' },
      h('h1', {}, 'Gửi đánh giá'),
      h('p', { class: 'kiosk-lead' }, `Hồ sơ ${state.caseCode}: Ông/Bà đã trả lời ${done} trên ${total} câu.`),
      done < total && h('p', { class: 'kiosk-hint' }, 'Những câu bỏ qua được ghi là không trả lời.'),
      send,
    ),
    h('footer', { class: 'kiosk-nav' },
      h('button', { type: 'button', class: 'kiosk-back', onclick: () => question(total - 1) }, '‹ Xem lại câu trước'),
      h('button', { type: 'button', class: 'kiosk-cancel', onclick: () => welcome() }, 'Hủy, làm lại từ đầu'),
    ),
  );
}

async function submit(button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  button.textContent = 'Đang gửi…';
  const answers = Object.fromEntries(Object.entries(state.answers).filter(([, value]) => answered(value)));
  const { status, data } = await call('POST', 'responses', { caseCode: state.caseCode, answers });
  if (status === 201) return thanks(data.message ?? '');
  if (status === 401) return start();
  if (status === 409) return notice(data.error ?? '');
  // Anything else (no connection, the kiosk is busy): keep the answers and let the citizen try again.
  button.disabled = false;
  button.textContent = 'Gửi lại';
  root.querySelector('.kiosk-body')?.append(h('p', { class: 'kiosk-error', role: 'alert' }, data.error ?? 'Chưa gửi được. Ông/Bà vui lòng thử lại.'));
}

function thanks(message: string): void {
  state.answers = {};
  show('kiosk-thanks',
    header(),
    h('div', { class: 'kiosk-body' },
      h('div', { class: 'kiosk-tick', 'aria-hidden': 'true' }, '✓'),
      h('h1', {}, 'Xin chân thành cảm ơn Ông/Bà!'),
      h('p', { class: 'kiosk-lead' }, message),
      h('button', { type: 'button', class: 'kiosk-primary', onclick: () => welcome() }, 'Hoàn tất'),
    ),
  );
  resetTimer = setTimeout(() => welcome(), THANKS_MS);
}

/** A polite refusal (the case was already answered): thank the citizen and start afresh. */
function notice(message: string): void {
  state.answers = {};
  show('kiosk-notice',
    header(),
    h('div', { class: 'kiosk-body' },
      h('p', { class: 'kiosk-message', role: 'alert' }, message),
      h('button', { type: 'button', class: 'kiosk-primary', onclick: () => welcome() }, 'Về màn hình đầu'),
    ),
  );
  resetTimer = setTimeout(() => welcome(), THANKS_MS);
}

// Any touch or key keeps the citizen's session alive; after a pause the kiosk forgets them and starts afresh.
function touched(): void {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (state.questionnaire && !root.classList.contains('kiosk-setup')) welcome();
  }, IDLE_MS);
}
for (const event of ['pointerdown', 'keydown']) document.addEventListener(event, touched, { passive: true });

takeTokenFromFragment();
start();
