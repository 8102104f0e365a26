import { api, messageOf, setCsrf } from '../api.js';
import { h, replace } from '../dom.js';

export function render(main: HTMLElement, { onLogin }: { onLogin: () => Promise<void> }): void {
  const error = h('p', { class: 'error', role: 'alert' });
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Đăng nhập');
  const formEl = h(
    'form',
    { class: 'card login', onsubmit: async (event) => {
      event.preventDefault();
      submit.disabled = true;
      error.textContent = '';
      try {
        const { csrfToken } = await api<{ csrfToken: string }>('POST', '/api/login', { username: username.value, password: password.value });
        setCsrf(csrfToken);
        await onLogin();
      } catch (e) {
        error.textContent = messageOf(e);
        submit.disabled = false;
      }
    } },
    h('h1', {}, 'Đăng nhập'),
    h('p', { class: 'muted' }, 'Khảo sát sự hài lòng của người dân (SIPAS) — phần phiếu giấy'),
    h('label', {}, 'Tên đăng nhập', username),
    h('label', {}, 'Mật khẩu', password),
    error,
    submit,
  );
  replace(main, formEl);
  username.focus();
}
