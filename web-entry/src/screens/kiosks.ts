import { api, messageOf } from '../api.js';
import { selfLoadingCard } from '../card.js';
import { h, replace, table, toast, when } from '../dom.js';

interface Kiosk {
  id: number;
  name: string;
  officeName: string;
  surveyId: string;
  createdAt: string;
  revokedAt: string | null;
}
/** GET /api/kiosks */
interface Kiosks {
  kiosks: Kiosk[];
  offices: { code: string; name: string }[];
  surveys: { id: string; name: string }[];
}

/**
 * "Ki-ốt khảo sát": desk kiosks bound to an office and a survey. A card of its own that loads and refreshes itself,
 * so the administration screen (and the planners' screen) only place it. The token is shown once, as a link to
 * open on the kiosk: the kiosk keeps it and drops it from the address bar.
 */
export function kioskCard(): HTMLElement {
  const { card, load } = selfLoadingCard<Kiosks>('Ki-ốt khảo sát', '/api/kiosks', 'card kiosk-admin');
  let shown: { name: string; link: string } | null = null; // { name, link } of the kiosk just created: its token is never fetched again

  async function refresh(): Promise<void> {
    const data = await load();
    if (!data) return;
    const surveyName = new Map(data.surveys.map((s) => [s.id, s.name]));
    const name = h('input', { name: 'kioskName', placeholder: 'Tên ki-ốt, ví dụ: Quầy một cửa số 1', size: 30 });
    const office = h('select', { name: 'kioskOffice' }, data.offices.map((o) => h('option', { value: o.code }, o.name)));
    const survey = h('select', { name: 'kioskSurvey' }, data.surveys.map((s) => h('option', { value: s.id, selected: s.id === 'quick' }, s.name)));
    replace(
      card,
      h('h2', {}, 'Ki-ốt khảo sát'),
      h('p', { class: 'muted' }, 'Máy cảm ứng tại bộ phận một cửa: người dân nhập mã hồ sơ và tự đánh giá, không cần đăng nhập. Mỗi ki-ốt gắn với một cơ quan và một mẫu phiếu.'),
      data.kiosks.length
        ? table(['Ki-ốt', 'Cơ quan', 'Mẫu phiếu', 'Tạo lúc', 'Trạng thái', ''], data.kiosks.map((k) => [
            k.name, k.officeName, surveyName.get(k.surveyId) ?? k.surveyId, when(k.createdAt), k.revokedAt ? `Đã thu hồi ${when(k.revokedAt)}` : 'Đang dùng',
            !k.revokedAt && h('button', { class: 'link', onclick: () => revoke(k) }, 'Thu hồi'),
          ]))
        : h('p', { class: 'muted' }, 'Chưa có ki-ốt nào.'),
      data.offices.length
        ? h('form', { class: 'inline', onsubmit: (e) => create(e, { name: name.value, officeCode: office.value, surveyId: survey.value }) }, name, office, survey, h('button', { type: 'submit' }, 'Tạo ki-ốt'))
        : h('p', { class: 'muted' }, 'Cần nhập sổ hồ sơ trước: ki-ốt gắn với một cơ quan có trong sổ.'),
      shown !== null && h('div', { class: 'token-once' },
        h('p', {}, `Mở liên kết này một lần trên máy ki-ốt “${shown!.name}” (chỉ hiện lúc này; ki-ốt tự ghi nhớ):`),
        h('p', { class: 'token' }, shown!.link),
        h('button', { type: 'button', onclick: () => copy(shown!.link) }, 'Sao chép liên kết'),
      ),
    );
  }

  async function create(event: Event, body: { name: string; officeCode: string; surveyId: string }): Promise<void> {
    event.preventDefault();
    try {
      const made = await api<{ kiosk: Kiosk; path: string }>('POST', '/api/kiosks', body);
      shown = { name: made.kiosk.name, link: `${location.origin}${made.path}` };
      toast('Đã tạo ki-ốt.');
    } catch (error) {
      toast(messageOf(error), 'error');
    }
    await refresh();
    shown = null;
  }

  async function revoke(kiosk: Kiosk): Promise<void> {
    if (!confirm(`Thu hồi ki-ốt “${kiosk.name}”? Ki-ốt sẽ không nhận đánh giá nữa cho tới khi được cấp mã mới.`)) return;
    try {
      await api('DELETE', `/api/kiosks/${kiosk.id}`);
      toast('Đã thu hồi ki-ốt.');
    } catch (error) {
      toast(messageOf(error), 'error');
    }
    await refresh();
  }

  async function copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      toast('Đã sao chép.');
    } catch {
      toast('Không sao chép được; hãy chọn và sao chép liên kết bằng tay.', 'error');
    }
  }

  refresh();
  return card;
}
