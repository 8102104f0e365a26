import type { ReviewFilters } from '../../../src/web/api.js';
import { api, messageOf } from '../api.js';
import { h, replace, table, toast, when } from '../dom.js';
import { ROLE_LABELS } from '../labels.js';
import { backupCard, healthCard, retentionCard } from './dataCare.js';
import { kioskCard } from './kiosks.js';


interface User {
  id: number;
  username: string;
  displayName: string;
  role: string;
  active: boolean;
}
interface Throttle {
  id: string;
  kind: string;
  account?: string;
  address: string;
  guesses: number;
  waitSeconds: number;
}
interface Station {
  id: number;
  name: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

const THROTTLE_KINDS: Record<string, string> = { account: 'Tài khoản tại một địa chỉ', address: 'Mọi tài khoản từ một địa chỉ', token: 'Mã trạm quét / ki-ốt' };

/** Accounts, log-in throttles, scanning-station tokens, backup, double entry and the audit trail. */
export async function render(main: HTMLElement): Promise<void> {
  const body = h('div');
  replace(main, h('section', {}, h('h1', {}, 'Quản trị'), body));

  async function refresh(): Promise<void> {
    const [{ users }, { throttles }, { stations }, { events }, filters] = await Promise.all([
      api<{ users: User[] }>('GET', '/api/users'),
      api<{ throttles: Throttle[] }>('GET', '/api/throttles'),
      api<{ stations: Station[] }>('GET', '/api/stations'),
      api<{ events: { at: string; actor: string; text: string }[] }>('GET', '/api/audit'),
      api<ReviewFilters>('GET', '/api/review/filters'),
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
          h('select', { name: `role-${u.username}`, 'aria-label': `Vai trò của ${u.username}`, onchange: (e) => change(u.id, { role: (e.currentTarget as HTMLSelectElement).value }) },
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
            const { token } = await api<{ token: string }>('POST', '/api/stations', { name: stationName.value });
            await refresh();
            body.querySelector('.token')!.textContent = `Mã của trạm (chỉ hiện một lần): ${token}`;
          } catch (error) {
            toast(messageOf(error), 'error');
          }
        } }, stationName, h('button', { type: 'submit' }, 'Tạo mã trạm')),
        newToken,
      ),
      kioskCard(),
      h('div', { class: 'card' },
        h('h2', {}, 'Duyệt hai lần'),
        h('label', { class: 'inline' }, h('input', { type: 'checkbox', checked: filters.doubleEntry, onchange: (e) => { const on = (e.currentTarget as HTMLInputElement).checked; run(() => api('POST', '/api/supervise/double-entry', { on }), 'Đã lưu.'); } }), ' Chữ số và chữ viết tay do hai người nhập độc lập; khác nhau thì chuyển giám sát'),
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

  async function run(work: () => Promise<unknown>, message: string): Promise<void> {
    try {
      await work();
      toast(message);
      await refresh();
    } catch (error) {
      toast(messageOf(error), 'error');
    }
  }

  const change = (id: number, patch: { role?: string; active?: boolean }) => run(() => api('PATCH', `/api/users/${id}`, patch), 'Đã lưu.');
  await refresh();
}
