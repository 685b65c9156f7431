/** A few DOM helpers: the console is plain TypeScript, no framework, nothing from another host. */
export type Child = Node | string | number | false | null | undefined | Child[];
type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void);
export type Attrs = Record<string, AttrValue>;

/** `h('button', { type: 'button', onclick: fn }, 'Save')`: an element with attributes, listeners and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else if (child !== false && child !== null && child !== undefined) parent.appendChild(document.createTextNode(String(child)));
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

/** Says something to screen readers (the polite live region) without moving focus. */
export function announce(message: string): void {
  const status = byId('status');
  status.textContent = '';
  window.setTimeout(() => (status.textContent = message), 50);
}

/** A copy button for a value; says "Copied" where the user is looking and to screen readers. */
export function copyButton(value: () => string, label: string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'secondary' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value());
      button.textContent = 'Copied';
      announce('Copied to the clipboard');
    } catch {
      button.textContent = 'Select and copy by hand';
    }
    window.setTimeout(() => (button.textContent = label), 2000);
  });
  return button;
}

/** A field with its label (and hint, tied by aria-describedby). */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  control.id ||= uniqueId('f');
  const hintEl = hint ? h('span', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), hintEl, control);
}

let counter = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${++counter}`;
}

/** A message box: errors are alerts (read out at once), the rest are polite notes. */
export function message(kind: 'error' | 'ok' | 'note', text: Child): HTMLElement {
  return h('div', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function emptyState(text: string, ...extra: Child[]): HTMLElement {
  return h('div', { class: 'empty' }, h('p', {}, text), ...extra);
}

/** A table with a caption (visually hidden when `hideCaption`) and header cells scoped to columns. */
export function table(caption: string, headers: string[], rows: Child[][], hideCaption = true): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', { class: hideCaption ? 'sr-only' : '' }, caption),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))),
  );
}

/** Asks for a typed confirmation in a modal dialog; resolves true only when confirmed. */
export function confirmDialog(opts: { title: string; body: Child; confirmLabel: string; typed?: string; danger?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    const input = opts.typed !== undefined ? h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' }) : null;
    const confirm = h('button', { type: 'submit', class: opts.danger ? 'danger' : '', disabled: opts.typed !== undefined }, opts.confirmLabel);
    input?.addEventListener('input', () => (confirm.disabled = input.value.trim() !== opts.typed));
    const titleId = uniqueId('dlg');
    const form = h(
      'form',
      { method: 'dialog' },
      h('h2', { id: titleId }, opts.title),
      h('div', {}, opts.body),
      input ? field(`Type ${opts.typed} to confirm`, input) : null,
      h('div', { class: 'actions' }, confirm, h('button', { type: 'button', class: 'secondary', value: 'cancel', onclick: () => dialog.close('cancel') }, 'Cancel')),
    );
    const dialog = h('dialog', { 'aria-labelledby': titleId }, form);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (confirm.disabled) return;
      dialog.close('confirm');
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    (input ?? confirm).focus();
  });
}
