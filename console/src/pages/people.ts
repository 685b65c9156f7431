import { describe, manage, path } from '../api.js';
import { emptyState, field, h, message, table, type Child } from '../dom.js';
import { when } from '../format.js';
import { link, type View } from '../view.js';

type Resource = Record<string, unknown> & { id: string; meta?: { created?: string; lastModified?: string } };
interface Page {
  resources: Resource[];
  next?: string;
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PAGE = 25;

/** People: users and groups, searched as you type (prefix of userName / group name, or an exact id), paged by the server. */
export async function peoplePage(view: View): Promise<void> {
  const dir = view.route.dir!;
  view.title('People');
  const q = h('input', { type: 'search', name: 'q', autocomplete: 'off', spellcheck: 'false', value: view.route.query.get('q') ?? '' });
  const form = h('form', { role: 'search', class: 'search', onsubmit: (e: Event) => e.preventDefault() },
    field('Search users and groups', q, 'The start of a userName or group name, or an exact id. Leave empty to browse.'),
  );
  const users = h('div', { class: 'content' });
  const groups = h('div', { class: 'content' });
  view.main.append(
    form,
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'users-h' }, h('h2', { id: 'users-h' }, 'Users'), users),
      h('section', { 'aria-labelledby': 'groups-h' }, h('h2', { id: 'groups-h' }, 'Groups'), groups),
    ),
  );

  let search: AbortController | undefined;
  const run = async () => {
    search?.abort();
    const controller = new AbortController();
    search = controller;
    view.signal.addEventListener('abort', () => controller.abort(), { once: true });
    const text = q.value.trim();
    history.replaceState(null, '', link(dir, 'people', undefined, { q: text }));
    await Promise.all([
      listInto(users, 'users', text, controller.signal, (u) => userRow(dir, u), text ? `No users whose userName starts with "${text}".` : 'No users yet. Once Entra provisions this directory, they appear here.'),
      listInto(groups, 'groups', text, controller.signal, (g) => groupRow(dir, g), text ? `No groups whose name starts with "${text}".` : 'No groups yet.'),
    ]);
  };

  async function listInto(body: HTMLElement, kind: 'users' | 'groups', text: string, signal: AbortSignal, row: (r: Resource) => Child[], empty: string): Promise<void> {
    body.setAttribute('aria-busy', 'true');
    const headers = kind === 'users' ? ['userName', 'Display name', 'Active', 'Email'] : ['Name', 'External id', 'Last changed'];
    const load = async (cursor?: string): Promise<Page> => {
      const qs = new URLSearchParams({ count: String(PAGE) });
      if (text) qs.set('q', text);
      if (cursor) qs.set('cursor', cursor);
      return manage<Page>('GET', path`/directories/${dir}/${kind}` + `?${qs}`, undefined, signal);
    };
    try {
      const first = await load();
      if (signal.aborted) return;
      body.removeAttribute('aria-busy');
      if (first.resources.length === 0) {
        body.replaceChildren(emptyState(empty));
        return;
      }
      const t = table(kind === 'users' ? 'Users' : 'Groups', headers, first.resources.map(row));
      const more = h('button', { type: 'button', class: 'secondary' }, 'Load more');
      let next = first.next;
      more.hidden = !next;
      more.addEventListener('click', async () => {
        more.disabled = true;
        try {
          const page = await load(next);
          const tbody = t.tBodies[0];
          for (const r of page.resources) tbody.append(h('tr', {}, row(r).map((c) => h('td', {}, c))));
          next = page.next;
          more.hidden = !next;
        } catch (e) {
          body.append(message('error', describe(e)));
        }
        more.disabled = false;
      });
      body.replaceChildren(t, more);
    } catch (e) {
      if (signal.aborted) return;
      body.removeAttribute('aria-busy');
      body.replaceChildren(message('error', describe(e)));
    }
  }

  let timer: number | undefined;
  q.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(), 250);
  });
  await run();
}

function userRow(dir: string, u: Resource): Child[] {
  const emails = u.emails as { value?: string; primary?: boolean }[] | undefined;
  const email = emails?.find((e) => e.primary)?.value ?? emails?.[0]?.value;
  return [
    h('a', { href: link(dir, 'users', u.id) }, String(u.userName ?? u.id)),
    String(u.displayName ?? formattedName(u) ?? '—'),
    u.active === false ? h('span', { class: 'badge revoked' }, 'Inactive') : 'Active',
    email ?? '—',
  ];
}

function groupRow(dir: string, g: Resource): Child[] {
  return [h('a', { href: link(dir, 'groups', g.id) }, String(g.displayName ?? g.id)), String(g.externalId ?? '—'), when(g.meta?.lastModified)];
}

function formattedName(u: Resource): string | undefined {
  const name = u.name as { formatted?: string; givenName?: string; familyName?: string } | undefined;
  return name?.formatted ?? ([name?.givenName, name?.familyName].filter(Boolean).join(' ') || undefined);
}

/** A user: attributes, manager and groups. */
export async function userPage(view: View): Promise<void> {
  const dir = view.route.dir!;
  const { user, manager } = await manage<{ user: Resource; manager: { id: string; userName?: string; displayName?: string; missing?: boolean } | null }>(
    'GET',
    path`/directories/${dir}/users/${view.route.id!}`,
    undefined,
    view.signal,
  );
  if (view.signal.aborted) return;
  view.title(String(user.displayName ?? formattedName(user) ?? user.userName));
  view.main.append(h('p', {}, h('a', { href: link(dir, 'people') }, '← Back to People')));
  const enterprise = (user[ENTERPRISE] ?? {}) as Record<string, unknown>;
  const emails = (user.emails as { value?: string; type?: string; primary?: boolean }[] | undefined) ?? [];
  const phones = (user.phoneNumbers as { value?: string; type?: string }[] | undefined) ?? [];
  const rows: [string, Child][] = [
    ['userName', String(user.userName)],
    ['Active', user.active === false ? 'No (disabled by Entra)' : 'Yes'],
    ['Display name', String(user.displayName ?? '—')],
    ['Name', formattedName(user) ?? '—'],
    ['Emails', emails.length ? emails.map((e) => `${e.value}${e.type ? ` (${e.type}${e.primary ? ', primary' : ''})` : ''}`).join('; ') : '—'],
    ['Phone numbers', phones.length ? phones.map((p) => `${p.value}${p.type ? ` (${p.type})` : ''}`).join('; ') : '—'],
    ['Title', String(user.title ?? '—')],
    ['Department', String(enterprise.department ?? '—')],
    ['Employee number', String(enterprise.employeeNumber ?? '—')],
    [
      'Manager',
      manager === null
        ? '—'
        : manager.missing
          ? `${manager.id} (no longer in this directory)`
          : h('a', { href: link(dir, 'users', manager.id) }, manager.displayName ?? manager.userName ?? manager.id),
    ],
    ['id', h('code', {}, user.id)],
    ['externalId', String(user.externalId ?? '—')],
    ['Created', when(user.meta?.created)],
    ['Last changed', when(user.meta?.lastModified)],
  ];
  view.main.append(detailList('User attributes', rows));
  const groups = (user.groups as { value: string; display?: string }[] | undefined) ?? [];
  view.main.append(
    h('section', { 'aria-labelledby': 'ug-h' },
      h('h2', { id: 'ug-h' }, `Groups (${groups.length})`),
      groups.length
        ? h('ul', { class: 'plain' }, groups.map((g) => h('li', {}, h('a', { href: link(dir, 'groups', g.value) }, g.display ?? g.value))))
        : emptyState('This user is in no groups.'),
    ),
    rawJson(user),
    h('p', {}, h('a', { href: link(dir, 'activity', undefined, { resource: user.id }) }, 'Changes to this user')),
  );
}

/** A group: attributes and members, paged by the server. */
export async function groupPage(view: View): Promise<void> {
  const dir = view.route.dir!;
  const gid = view.route.id!;
  const { group } = await manage<{ group: Resource }>('GET', path`/directories/${dir}/groups/${gid}`, undefined, view.signal);
  if (view.signal.aborted) return;
  view.title(String(group.displayName ?? group.id));
  view.main.append(
    h('p', {}, h('a', { href: link(dir, 'people') }, '← Back to People')),
    detailList('Group attributes', [
      ['Name', String(group.displayName)],
      ['id', h('code', {}, group.id)],
      ['externalId', String(group.externalId ?? '—')],
      ['Created', when(group.meta?.created)],
      ['Last changed', when(group.meta?.lastModified)],
    ]),
  );
  const section = h('section', { 'aria-labelledby': 'gm-h' }, h('h2', { id: 'gm-h' }, 'Members'));
  view.main.append(section, rawJson(group), h('p', {}, h('a', { href: link(dir, 'activity', undefined, { resource: group.id }) }, 'Changes to this group')));
  type Members = { members: { value: string; display?: string }[]; next?: string };
  const load = (cursor?: string) =>
    manage<Members>('GET', path`/directories/${dir}/groups/${gid}/members` + `?count=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, view.signal);
  const first = await load();
  if (view.signal.aborted) return;
  if (first.members.length === 0) {
    section.append(emptyState('This group has no members.'));
    return;
  }
  const list = h('ul', { class: 'plain members' });
  const shown = h('p', { class: 'hint' });
  const more = h('button', { type: 'button', class: 'secondary' }, 'Load more members');
  let n = 0;
  let next: string | undefined;
  const add = (page: Members) => {
    for (const m of page.members) list.append(h('li', {}, h('a', { href: link(dir, 'users', m.value) }, m.display ?? m.value)));
    n += page.members.length;
    next = page.next;
    more.hidden = !next;
    shown.textContent = next ? `Showing the first ${n.toLocaleString()} members.` : `${n.toLocaleString()} member${n === 1 ? '' : 's'}.`;
  };
  add(first);
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      add(await load(next));
    } catch (e) {
      section.append(message('error', describe(e)));
    }
    more.disabled = false;
  });
  section.append(shown, list, more);
}

function detailList(label: string, rows: [string, Child][]): HTMLElement {
  return h('dl', { class: 'details', 'aria-label': label }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function rawJson(resource: Resource): HTMLElement {
  return h('details', {}, h('summary', {}, 'SCIM JSON'), h('pre', {}, JSON.stringify(resource, null, 2)));
}
