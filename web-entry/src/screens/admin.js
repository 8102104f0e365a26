import { api } from '../api.js';
import { h, replace, table, toast, when } from '../dom.js';
import { ROLE_LABELS } from '../labels.js';
import { backupCard, healthCard, retentionCard } from './dataCare.js';
import { kioskCard } from './kiosks.js';


const THROTTLE_KINDS = { account: 'Tài khoản tại một địa chỉ', address: 'Mọi tài khoản từ một địa chỉ', token: 'Mã trạm quét / ki-ốt' };

/** Accounts, log-in throttles, scanning-station tokens, backup, double entry and the audit trail. */
export async function render(main) {
  const body = h('div');
  replace(main, h('section', {}, h('h1', {}, 'Quản trị'), body));

  async function refresh() {
    const [{ users }, { throttles }, { stations }, { events }, filters] = await Promise.all([
      api('GET', '/api/users'),
      api('GET', '/api/throttles'),
      api('GET', '/api/stations'),
      api('GET', '/api/audit'),
      api('GET', '/api/review/filters'),
    ]);
    const username = h('input', { name: 'username', placeholder: 'tên đăng nhập' });
    const displayName = h('input', { name: 'displayName', placeholder: 'Họ tên' });
    // No role is chosen for the administrator: a new account gets the role someone picked, never the first one listed.
    const role = h('select', { name: 'role', required: true }, h('option', { value: '', selected: true, disabled: true }, '— chọn vai trò —'), Object.entries(ROLE_LABELS).map(([value, label]) => h('option', { value }, label)));
    const password = h('input', { name: 'password', type: 'password', placeholder: 'mật khẩu (≥ 12 ký tự)', autocomplete: 'new-password' });
    const stationName = h('input', { name: 'station', placeholder: 'Tên trạm, ví dụ: Bưu cục Phú Hội' });
    const newToken = h('p', { class: 'token' });
    replace(
      body,
      h('div', { class: 'card' },
        h('h2', {}, 'Tài khoản'),
        table(['Tên đăng nhập', 'Họ tên', 'Vai trò', 'Trạng thái', ''], users.map((u) => [
          u.username, u.displayName,
          h('select', { name: `role-${u.username}`, 'aria-label': `Vai trò của ${u.username}`, onchange: (e) => change(u.id, { role: e.target.value }) },
            Object.entries(ROLE_LABELS).map(([value, label]) => h('option', { value, selected: value === u.role }, label))),
          u.active ? 'Đang dùng' : 'Đã khoá',
          h('button', { class: 'link', onclick: () => change(u.id, { active: !u.active }) }, u.active ? 'Khoá' : 'Mở khoá'),
        ])),
        h('form', { class: 'inline', onsubmit: async (e) => {
          e.preventDefault();
          await run(() => api('POST', '/api/users', { username: username.value, displayName: displayName.value, role: role.value, password: password.value }), 'Đã tạo tài khoản.');
        } }, username, displayName, role, password, h('button', { type: 'submit', class: 'primary' }, 'Tạo tài khoản')),
      ),
      h('div', { class: 'card throttles' },
        h('h2', {}, 'Giới hạn đăng nhập'),
        h('p', { class: 'muted' }, 'Địa chỉ đoán sai mật khẩu hoặc mã nhiều lần phải chờ lâu dần; người đúng mật khẩu từ địa chỉ khác không bị ảnh hưởng.'),
        throttles.length
          ? table(['Loại', 'Tài khoản', 'Địa chỉ', 'Lần sai', 'Còn chờ', ''], throttles.map((t) => [
            THROTTLE_KINDS[t.kind], t.account ?? '', t.address, t.guesses, t.waitSeconds ? `${t.waitSeconds} giây` : 'không',
            h('button', { class: 'link', onclick: () => run(() => api('POST', '/api/throttles/lift', { id: t.id }), 'Đã gỡ giới hạn.') }, 'Gỡ'),
          ]))
          : h('p', {}, 'Không có địa chỉ nào đang bị giới hạn.'),
      ),
      h('div', { class: 'card' },
        h('h2', {}, 'Trạm quét (bưu cục)'),
        h('p', { class: 'muted' }, 'Mỗi trạm gửi tệp bằng: npx phieu scan --server <địa chỉ> --token <mã> <tệp…>'),
        table(['Trạm', 'Tạo bởi', 'Lúc', 'Trạng thái', ''], stations.map((s) => [s.name, s.createdBy, when(s.createdAt), s.revokedAt ? 'Đã thu hồi' : 'Đang dùng', !s.revokedAt && h('button', { class: 'link', onclick: () => run(() => api('DELETE', `/api/stations/${s.id}`), 'Đã thu hồi mã.') }, 'Thu hồi')])),
        h('form', { class: 'inline', onsubmit: async (e) => {
          e.preventDefault();
          try {
            const { token } = await api('POST', '/api/stations', { name: stationName.value });
            await refresh();
            body.querySelector('.token').textContent = `Mã của trạm (chỉ hiện một lần): ${token}`;
          } catch (error) {
            toast(error.message, 'error');
          }
        } }, stationName, h('button', { type: 'submit' }, 'Tạo mã trạm')),
        newToken,
      ),
      kioskCard(),
      h('div', { class: 'card' },
        h('h2', {}, 'Duyệt hai lần'),
        h('label', { class: 'inline' }, h('input', { type: 'checkbox', checked: filters.doubleEntry, onchange: (e) => run(() => api('POST', '/api/supervise/double-entry', { on: e.target.checked }), 'Đã lưu.') }), ' Chữ số và chữ viết tay do hai người nhập độc lập; khác nhau thì chuyển giám sát'),
      ),
      backupCard(),
      retentionCard(),
      healthCard(),
      h('div', { class: 'card' },
        h('h2', {}, 'Nhật ký'),
        h('div', { class: 'audit' }, table(['Lúc', 'Người', 'Việc'], events.map((e) => [when(e.at), e.actor, e.text]))),
      ),
    );
  }

  async function run(work, message) {
    try {
      await work();
      toast(message);
      await refresh();
    } catch (error) {
      toast(error.message, 'error');
    }
  }

  const change = (id, patch) => run(() => api('PATCH', `/api/users/${id}`, patch), 'Đã lưu.');
  await refresh();
}
