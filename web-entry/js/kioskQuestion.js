import { h } from './dom.js';

// The answer widgets of the kiosk: one question a screen, every target big enough for a finger (see kiosk.css).
// Answers are what the server's kioskAnswers expects: option codes in a list, digits and text as strings, dates
// as dd/mm/yyyy.

/** Whether the question has an answer worth sending (an empty text or list is no answer). */
export function answered(value) {
  return Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim() !== '';
}

/**
 * The widget for one question. `onAnswer(value, { advance })` is called on every change; `advance` is true when the
 * answer is final on its own (one option touched), so the kiosk moves on without a second touch.
 */
export function answerWidget(question, value, onAnswer) {
  switch (question.kind) {
    case 'scale':
      return options(question, value, onAnswer, 'kiosk-scale');
    case 'single':
      return options(question, value, onAnswer, `kiosk-options${question.options.length > 4 ? ' two-columns' : ''}`);
    case 'multiple':
      return multiple(question, value, onAnswer);
    case 'digits':
      return digits(question, value, onAnswer);
    case 'date':
      return date(value, onAnswer);
    default:
      return text(value, onAnswer);
  }
}

function options(question, value, onAnswer, className) {
  const chosen = Array.isArray(value) ? value[0] : undefined;
  return h('div', { class: className, role: 'radiogroup' },
    question.options.map((o) =>
      h('button', {
        type: 'button',
        role: 'radio',
        class: `kiosk-choice level-${o.code}${o.code === chosen ? ' chosen' : ''}`,
        'aria-checked': o.code === chosen ? 'true' : 'false',
        'data-code': o.code,
        onclick: (e) => {
          for (const b of e.currentTarget.parentElement.children) b.classList.toggle('chosen', b === e.currentTarget);
          onAnswer([o.code], { advance: true });
        },
      }, o.label),
    ),
  );
}

function multiple(question, value, onAnswer) {
  const chosen = new Set(Array.isArray(value) ? value : []);
  return h('div', { class: `kiosk-options${question.options.length > 4 ? ' two-columns' : ''}` },
    h('p', { class: 'kiosk-hint' }, question.maxChoices
      ? `Ông/Bà chọn tối đa ${question.maxChoices} ý, rồi chạm “Tiếp tục”.`
      : 'Ông/Bà có thể chọn nhiều ý, rồi chạm “Tiếp tục”.'),
    question.options.map((o) =>
      h('button', {
        type: 'button',
        role: 'checkbox',
        class: `kiosk-choice${chosen.has(o.code) ? ' chosen' : ''}`,
        'aria-checked': chosen.has(o.code) ? 'true' : 'false',
        'data-code': o.code,
        onclick: (e) => {
          if (chosen.has(o.code)) chosen.delete(o.code);
          // At the limit a further touch does nothing: the citizen takes one back first, as on paper.
          else if (question.maxChoices && chosen.size >= question.maxChoices) return;
          else chosen.add(o.code);
          e.currentTarget.classList.toggle('chosen', chosen.has(o.code));
          e.currentTarget.setAttribute('aria-checked', String(chosen.has(o.code)));
          // Codes in print order, as the server keeps them.
          onAnswer(question.options.map((x) => x.code).filter((c) => chosen.has(c)), { advance: false });
        },
      }, o.label),
    ),
  );
}

function digits(question, value, onAnswer) {
  const input = h('input', { class: 'kiosk-input', inputmode: 'numeric', maxlength: String(question.length), value: value ?? '', autocomplete: 'off' });
  const set = (next) => {
    input.value = next.replace(/\D/g, '').slice(0, question.length);
    onAnswer(input.value, { advance: false });
  };
  input.addEventListener('input', () => set(input.value));
  return h('div', { class: 'kiosk-typed' }, input, keypad(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'], (key) => set(key === '⌫' ? input.value.slice(0, -1) : input.value + key)));
}

function date(value, onAnswer) {
  const iso = typeof value === 'string' && /^\d{2}\/\d{2}\/\d{4}$/.test(value) ? `${value.slice(6)}-${value.slice(3, 5)}-${value.slice(0, 2)}` : '';
  const input = h('input', { class: 'kiosk-input', type: 'date', value: iso });
  input.addEventListener('change', () => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value);
    onAnswer(m ? `${m[3]}/${m[2]}/${m[1]}` : '', { advance: false });
  });
  return h('div', { class: 'kiosk-typed' }, input);
}

function text(value, onAnswer) {
  const area = h('textarea', { class: 'kiosk-input kiosk-text', rows: '4', maxlength: '2000', placeholder: 'Ông/Bà có thể bỏ qua câu này.' });
  area.value = value ?? '';
  area.addEventListener('input', () => onAnswer(area.value, { advance: false }));
  return h('div', { class: 'kiosk-typed' }, area);
}

/** Big keys for a touch screen; `⌫` is always added last. */
export function keypad(keys, onKey) {
  return h('div', { class: 'kiosk-keypad' },
    [...keys, '⌫'].map((key) => h('button', { type: 'button', class: key === '⌫' ? 'key back' : 'key', 'aria-label': key === '⌫' ? 'Xoá một ký tự' : key, onclick: () => onKey(key) }, key === '⌫' ? '⌫  Xoá' : key)),
  );
}
