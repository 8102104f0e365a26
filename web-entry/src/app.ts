import type { Session, SessionUser } from '../../src/web/api.js';
import { api, loadSession, messageOf } from './api.js';
import { h, replace, toast } from './dom.js';
import { MESSAGES } from './labels.js';
import * as login from './screens/login.js';
import * as dashboard from './screens/dashboard.js';
import * as review from './screens/review.js';
import * as pages from './screens/pages.js';
import * as scan from './screens/scan.js';
import * as sampling from './screens/sampling.js';
import * as offices from './screens/offices.js';
import * as admin from './screens/admin.js';
import * as results from './screens/results.js';
import * as form from './screens/form.js';
import * as clips from './screens/clips.js';
import * as markCuts from './screens/markCuts.js';
import * as password from './screens/password.js';
import * as personal from './screens/personal.js';
import type { Cleanup, Render } from './screen.js';

// Route, menu label, permission needed, screen.
const SCREENS: readonly (readonly [path: string, label: string, permission: string, screen: { render: Render }])[] = [
  ['#/', 'Tổng quan', 'dashboard', dashboard],
  ['#/duyet', 'Duyệt phiếu', 'review', review],
  ['#/trang', 'Trang chưa nhận', 'pages', pages],
  ['#/mau', 'Chọn mẫu', 'sampling', sampling],
  ['#/co-quan', 'Cơ quan', 'offices', offices],
  ['#/quet', 'Quét phiếu', 'scanView', scan],
  ['#/ket-qua', 'Kết quả', 'results', results],
  ['#/y-kien', 'Ý kiến viết tay', 'textClips', clips],
  ['#/nguong-dau', 'Ngưỡng dấu', 'supervise', markCuts],
  ['#/du-lieu-ca-nhan', 'Dữ liệu cá nhân', 'personalData', personal],
  ['#/quan-tri', 'Quản trị', 'users', admin],
];

const state: { session: Session | null; cleanup: Cleanup | null } = { session: null, cleanup: null };

async function route(): Promise<void> {
  state.cleanup?.();
  state.cleanup = null;
  const main = document.getElementById('main')!;
  if (!state.session) state.session = await loadSession();
  const { user } = state.session;
  renderNav(user);
  const hash = location.hash || '#/';
  if (!user || hash === '#/dang-nhap') {
    login.render(main, { onLogin: async () => {
      state.session = await loadSession();
      location.hash = '#/';
      route();
    } });
    return;
  }
  const formMatch = /^#\/phieu\/(\d+)$/.exec(hash);
  if (formMatch) {
    // A serial that names no form says so (the server's message), instead of leaving "Đang tải…" on screen.
    try {
      await form.render(main, { serial: Number(formMatch[1]) });
    } catch (error) {
      replace(main, h('p', { class: 'error', role: 'alert' }, messageOf(error)));
    }
    return;
  }
  if (hash === '#/mat-khau') {
    password.render(main);
    return;
  }
  const base = hash.split('?')[0];
  const screen = SCREENS.find(([path]) => path === base);
  if (!screen) return void replace(main, h('p', {}, MESSAGES.unknownPage));
  if (!user.permissions.includes(screen[2])) return void replace(main, h('p', { class: 'error' }, 'Vai trò của bạn không xem được trang này.'));
  try {
    state.cleanup = (await screen[3].render(main, { user })) ?? null;
  } catch (error) {
    replace(main, h('p', { class: 'error', role: 'alert' }, messageOf(error)));
  }
}

function renderNav(user: SessionUser | null): void {
  const nav = document.getElementById('nav')!;
  const who = document.getElementById('who')!;
  if (!user) {
    replace(nav);
    replace(who);
    return;
  }
  const here = (location.hash || '#/').split('?')[0];
  replace(nav, SCREENS.filter(([, , permission]) => user.permissions.includes(permission)).map(([path, label]) => h('a', { href: path, class: here === path ? 'active' : '' }, label)));
  replace(
    who,
    h('span', {}, `${user.displayName} · ${user.roleLabel}`),
    h('a', { href: '#/mat-khau', class: 'link' }, 'Đổi mật khẩu'),
    h('button', { class: 'link', onclick: async () => {
      await api('POST', '/api/review/release').catch(() => {});
      await api('POST', '/api/logout');
      state.session = null;
      location.hash = '#/dang-nhap';
      toast('Đã đăng xuất.');
    } }, 'Đăng xuất'),
  );
}

window.addEventListener('hashchange', route);
route();
