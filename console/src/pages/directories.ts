import { describe, manage, path } from '../api.js';
import { confirmDialog, emptyState, field, h, message, table } from '../dom.js';
import { when } from '../format.js';
import { link, type View } from '../view.js';

export interface Directory {
  id: string;
  displayName: string;
  created: string;
  entraTenantId?: string;
}

let inFlight: Promise<Directory[]> | undefined;

/**
 * The directories. A page and the header's directory switch ask at the same moment; they share
 * one request (no signal: it is cheap and others may be waiting on it).
 */
export function listDirectories(): Promise<Directory[]> {
  inFlight ??= manage<{ directories: Directory[] }>('GET', '/directories')
    .then((r) => r.directories)
    .finally(() => (inFlight = undefined));
  return inFlight;
}

/** Directories: list, create, delete with a typed confirmation. */
export async function directoriesPage(view: View): Promise<void> {
  view.title('Directories');
  const listArea = h('section', { 'aria-labelledby': 'dirs-list' }, h('h2', { id: 'dirs-list' }, 'Your directories'));
  const notice = h('div', {});
  view.main.append(notice, listArea, createForm(view));

  const refresh = async () => {
    const dirs = await listDirectories();
    if (view.signal.aborted) return;
    listArea.querySelector('.content')?.remove();
    const content = h('div', { class: 'content' });
    if (dirs.length === 0) {
      content.append(emptyState('No directories yet. Create one below, then connect Entra to it.'));
    } else {
      content.append(
        table(
          'Directories',
          ['Name', 'Id', 'Created', 'Trusted Entra tenant', 'Actions'],
          dirs.map((d) => [
            h('a', { href: link(d.id, 'connect') }, d.displayName),
            h('code', {}, d.id),
            when(d.created),
            d.entraTenantId ?? '—',
            h('div', { class: 'row-actions' },
              h('a', { href: link(d.id, 'people') }, 'People'),
              h('button', { type: 'button', class: 'danger secondary', 'aria-label': `Delete directory ${d.id}`, onclick: () => void remove(d) }, 'Delete…'),
            ),
          ]),
        ),
      );
    }
    listArea.append(content);
  };

  const remove = async (d: Directory) => {
    const confirmed = await confirmDialog({
      title: `Delete directory ${d.id}?`,
      body: h('div', {},
        h('p', {}, `This deletes "${d.displayName}", its keys and, with the box below ticked, all its users and groups. Entra provisioning into it stops at once. This cannot be undone.`),
        h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'force-delete' }), ' Also delete its users and groups'),
      ),
      confirmLabel: 'Delete directory',
      typed: d.id,
      danger: true,
    });
    if (!confirmed) return;
    const force = (document.getElementById('force-delete') as HTMLInputElement | null)?.checked ?? false;
    try {
      await manage('DELETE', path`/directories/${d.id}` + (force ? '?force=true' : ''));
      notice.replaceChildren(message('ok', `Directory ${d.id} was deleted.`));
      await refresh();
    } catch (e) {
      notice.replaceChildren(message('error', describe(e)));
    }
  };

  await refresh();
}

function createForm(view: View): HTMLElement {
  const id = h('input', { type: 'text', name: 'id', required: true, pattern: '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?', autocomplete: 'off', spellcheck: 'false' });
  const name = h('input', { type: 'text', name: 'displayName', required: true, maxlength: 256, autocomplete: 'off' });
  const status = h('div', {});
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'create-dir' },
    h('h2', { id: 'create-dir' }, 'Create a directory'),
    field('Display name', name, 'For people, e.g. "Contoso production".'),
    field('Directory id', id, 'Lower-case letters, digits and dashes, e.g. contoso. It cannot change later.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create directory')),
    status,
  );
  name.addEventListener('input', () => {
    if (!id.dataset.touched) id.value = slug(name.value);
  });
  id.addEventListener('input', () => (id.dataset.touched = '1'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    try {
      await manage('POST', '/directories', { id: id.value.trim(), displayName: name.value.trim() });
      view.navigate(link(id.value.trim(), 'connect', undefined, { created: '1' }));
    } catch (err) {
      status.replaceChildren(message('error', describe(err)));
    }
  });
  return form;
}

function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
}
