import { api } from './api.js';
import { h, replace } from './dom.js';

/**
 * A card that loads itself from `path`: "Đang tải…" until its data comes, the error under its title when it cannot.
 * `load()` gives the data, or null once the error is shown; the card calls it again to refresh.
 */
export function selfLoadingCard(title, path, className = 'card') {
  const card = h('div', { class: className }, h('h2', {}, title), h('p', { class: 'muted' }, 'Đang tải…'));
  const load = () =>
    api('GET', path).catch((error) => {
      replace(card, h('h2', {}, title), h('p', { class: 'error' }, error.message));
      return null;
    });
  return { card, load };
}
