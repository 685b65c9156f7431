import { describe, manage, path } from '../api.js';
import { emptyState, field, h, message, table, type Child } from '../dom.js';
import { brief, when } from '../format.js';
import { link, type View } from '../view.js';

interface Entry {
  id: string;
  time: string;
  op: string;
  resourceType: 'User' | 'Group';
  resourceId: string;
  keyId: string;
  requestId: string;
  changes?: Record<string, unknown>;
  truncated?: boolean;
}

const PERIODS: [string, string][] = [
  ['3600', 'Last hour'],
  ['86400', 'Last 24 hours'],
  ['604800', 'Last 7 days'],
  ['', 'Everything kept (90 days by default)'],
  ['from', 'From a time I choose'],
];

/** Activity: the change journal, oldest first within the chosen period, filterable by resource. */
export async function activityPage(view: View): Promise<void> {
  const dir = view.route.dir!;
  view.title('Activity');
  const query = view.route.query;
  const period = h('select', { name: 'period' }, PERIODS.map(([v, label]) => h('option', { value: v, selected: (query.get('period') ?? '86400') === v }, label)));
  const from = h('input', { type: 'datetime-local', name: 'from', value: localInput(query.get('from')) });
  const fromField = field('From (your local time)', from);
  const showFrom = () => {
    fromField.hidden = period.value !== 'from';
    from.required = period.value === 'from';
  };
  period.addEventListener('change', showFrom);
  showFrom();
  const resource = h('input', { type: 'text', name: 'resource', value: query.get('resource') ?? '', autocomplete: 'off', spellcheck: 'false' });
  const form = h(
    'form',
    { class: 'filters' },
    field('Period', period),
    fromField,
    field('Resource id', resource, 'A user or group id; empty for all.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show changes')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    const fromIso = period.value === 'from' ? new Date(from.value).toISOString() : '';
    view.navigate(link(dir, 'activity', undefined, { period: period.value, from: fromIso, resource: resource.value.trim() }));
  });
  const results = h('div', {});
  view.main.append(h('p', {}, 'Every create, change and delete Entra (or any key) made, with the attributes it set.'), form, results);

  const seconds = Number(period.value);
  const since = period.value === 'from' ? (from.value ? new Date(from.value).toISOString() : undefined) : seconds ? new Date(Date.now() - seconds * 1000).toISOString() : undefined;
  const load = (cursor?: string) => {
    const qs = new URLSearchParams({ limit: '50' });
    if (cursor) qs.set('cursor', cursor);
    else if (since) qs.set('since', since);
    if (resource.value.trim()) qs.set('resource', resource.value.trim());
    return manage<{ entries: Entry[]; nextCursor?: string; more: boolean }>('GET', path`/directories/${dir}/journal` + `?${qs}`, undefined, view.signal);
  };
  const first = await load();
  if (view.signal.aborted) return;
  if (first.entries.length === 0) {
    results.replaceChildren(emptyState(resource.value.trim() ? 'No changes to this resource in this period.' : 'No changes in this period. Changes appear here as soon as Entra provisions.'));
    return;
  }
  const t = table('Changes, oldest first', ['Time', 'Change', 'Resource', 'Key', 'Attributes'], first.entries.map((e) => entryRow(dir, e)));
  const more = h('button', { type: 'button', class: 'secondary' }, 'Load more');
  let cursor = first.nextCursor;
  more.hidden = !first.more;
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const page = await load(cursor);
      for (const e of page.entries) t.tBodies[0].append(h('tr', {}, entryRow(dir, e).map((c) => h('td', {}, c))));
      cursor = page.nextCursor;
      more.hidden = !page.more;
    } catch (e) {
      results.append(message('error', describe(e)));
    }
    more.disabled = false;
  });
  results.replaceChildren(t, more);
}

function entryRow(dir: string, e: Entry): Child[] {
  const page = e.resourceType === 'User' ? 'users' : 'groups';
  const changes = e.changes ? Object.entries(e.changes) : [];
  return [
    h('time', { datetime: e.time }, when(e.time)),
    e.op,
    [`${e.resourceType} `, e.op === 'delete' ? h('code', {}, e.resourceId) : h('a', { href: link(dir, page, e.resourceId) }, h('code', {}, e.resourceId))],
    h('code', {}, e.keyId),
    changes.length
      ? h('ul', { class: 'changes' }, changes.map(([k, v]) => h('li', {}, h('strong', {}, k), e.truncated ? '' : `: ${brief(v)}`)))
      : '—',
  ];
}

/** An ISO time as a datetime-local input value (local time, minutes). */
function localInput(iso: string | null): string {
  const date = iso ? new Date(iso) : undefined;
  if (!date || Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
