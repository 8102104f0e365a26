import { api, messageOf, setCsrf } from '../api.js';
import { h, replace, toast } from '../dom.js';

/** One's own password: the current one, then the new one twice. */
export function render(main: HTMLElement): void {
  const error = h('p', { class: 'error', role: 'alert' });
  const current = h('input', { name: 'currentPassword', type: 'password', autocomplete: 'current-password', required: true });
  const fresh = h('input', { name: 'newPassword', type: 'password', autocomplete: 'new-password', required: true, minlength: '12' });
  const again = h('input', { name: 'newPasswordAgain', type: 'password', autocomplete: 'new-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Đổi mật khẩu');
  replace(main, h('form', { class: 'card login', onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    if (fresh.value !== again.value) return void (error.textContent = 'Hai lần nhập mật khẩu mới không giống nhau.');
    submit.disabled = true;
    try {
      const { csrfToken } = await api<{ csrfToken: string }>('POST', '/api/password', { currentPassword: current.value, newPassword: fresh.value });
      setCsrf(csrfToken);
      (event.target as HTMLFormElement).reset();
      toast('Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.');
    } catch (e) {
      error.textContent = messageOf(e);
    } finally {
      submit.disabled = false;
    }
  } },
  h('h1', {}, 'Đổi mật khẩu'),
  h('p', { class: 'muted' }, 'Ít nhất 12 ký tự, không chỉ gồm chữ số, không phải mật khẩu phổ biến.'),
  h('label', {}, 'Mật khẩu hiện tại', current),
  h('label', {}, 'Mật khẩu mới', fresh),
  h('label', {}, 'Nhập lại mật khẩu mới', again),
  error,
  submit));
  current.focus();
}
