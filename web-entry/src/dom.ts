// Every piece of text goes into the page as a text node: OCR output, register data and file names are untrusted.

/** What may be put into an element: nodes, text (numbers are written as text), and nothing for null/false/undefined. */
export type Child = Node | string | number | boolean | null | undefined | readonly Child[];
/** `onclick`, `oninput`…: listeners, given the event of their name. */
type Listeners = { [K in keyof GlobalEventHandlersEventMap as `on${K}`]?: (event: GlobalEventHandlersEventMap[K] & { currentTarget: HTMLElement }) => unknown };
/** Attributes: `on…` functions become listeners, `style` an object, `class` the class name, the rest attributes. */
export type Attrs = Listeners & { [name: string]: unknown };

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value as EventListener);
    else if (key === 'class') el.className = String(value);
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key in el && typeof value !== 'string') (el as unknown as Record<string, unknown>)[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace<E extends Element>(el: E, ...children: Child[]): E {
  el.replaceChildren();
  append(el, children);
  return el;
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;

export function toast(message: string, kind: 'info' | 'error' = 'info'): void {
  const box = document.getElementById('toast')!;
  box.textContent = message;
  box.className = `show ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.className = ''), kind === 'error' ? 6000 : 2500);
}

export function progressBar(done: number, total: number, label = ''): HTMLDivElement {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  return h(
    'div',
    { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(total), 'aria-valuenow': String(done) },
    h('div', { class: 'bar', style: { width: `${(share * 100).toFixed(1)}%` } }),
    h('span', {}, label || `${done} / ${total}`),
  );
}

export function table(headers: readonly Child[], rows: readonly (readonly Child[])[]): HTMLTableElement {
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))), h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c))))));
}

export const fmt = new Intl.NumberFormat('vi-VN');
/** An ISO day as people write it: 2025-07-01 → 01/07/2025; an open end → "…". */
export const dmy = (iso: string | null): string => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '…');
export const when = (iso: string | null | undefined): string => (iso ? new Date(iso.endsWith('Z') ? iso : `${iso}Z`).toLocaleString('vi-VN') : '');
