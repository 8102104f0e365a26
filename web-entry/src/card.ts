import { api, messageOf } from './api.js';
import { h, replace } from './dom.js';

/**
 * A card that loads itself from `path`: "Đang tải…" until its data comes, the error under its title when it cannot.
 * `load()` gives the data, or null once the error is shown; the card calls it again to refresh.
 */
export function selfLoadingCard<T>(title: string, path: string, className = 'card'): { card: HTMLDivElement; load: () => Promise<T | null> } {
  const card = h('div', { class: className }, h('h2', {}, title), h('p', { class: 'muted' }, 'Đang tải…'));
  const load = () =>
    api<T>('GET', path).catch((error: unknown) => {
      replace(card, h('h2', {}, title), h('p', { class: 'error' }, messageOf(error)));
      return null;
    });
  return { card, load };
}
