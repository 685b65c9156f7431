import { describe, manage, path } from '../api.js';
import { emptyState, h, message, svg, table } from '../dom.js';
import { when } from '../format.js';
import type { View } from '../view.js';
import type { PublicKey } from './keys.js';

interface Report {
  id: string;
  started: string;
  durationMs: number;
  checked: Record<string, number>;
  repaired: Record<string, number>;
  purged: Record<string, number>;
  conflicts: string[];
  lastSeen?: string;
  windows: { window: string; requests: number; errors: number }[];
  flags: string[];
}

const FLAG_TEXT: Record<string, string> = {
  quiet: 'Entra has gone quiet: no requests for more than two provisioning cycles. Check the provisioning job in Entra (it may be paused or quarantined).',
  errorsClimbing: 'Errors are climbing: the share of failing requests is rising. Check Activity and the provisioning logs in Entra.',
  uniquenessConflicts: 'Uniqueness conflicts: Entra tried to create users or groups whose userName or name is taken.',
};

/** Health: Entra's last-seen time, requests and errors per cycle, and the latest reconciliation reports. */
export async function healthPage(view: View): Promise<void> {
  const dir = view.route.dir!;
  view.title('Health');
  const [{ reports }, { keys }] = await Promise.all([
    manage<{ reports: Report[] }>('GET', path`/directories/${dir}/reports?limit=10`, undefined, view.signal),
    manage<{ keys: PublicKey[] }>('GET', path`/directories/${dir}/keys`, undefined, view.signal),
  ]);
  if (view.signal.aborted) return;
  const lastSeen = [...keys.map((k) => k.lastUsed), reports[0]?.lastSeen].filter((t): t is string => !!t).sort().pop();
  const status = h('div', {});
  const run = h('button', { type: 'button' }, 'Run reconciliation now');
  run.addEventListener('click', async () => {
    run.disabled = true;
    status.replaceChildren(message('note', 'Reconciling…'));
    try {
      await manage('POST', `/reconcile?directory=${encodeURIComponent(dir)}`);
      view.navigate(`${location.hash.split('?')[0]}?ran=${Date.now()}`);
    } catch (e) {
      status.replaceChildren(message('error', describe(e)));
      run.disabled = false;
    }
  });
  view.main.append(
    h('dl', { class: 'details', 'aria-label': 'Provisioning status' },
      h('dt', {}, 'Entra last seen'),
      h('dd', {}, lastSeen ? when(lastSeen) : 'Never: no key of this directory has been used yet'),
      h('dt', {}, 'Last reconciliation'),
      h('dd', {}, reports[0] ? when(reports[0].started) : 'Not yet'),
    ),
    h('div', { class: 'actions' }, run),
    status,
  );
  if (view.route.query.get('ran')) status.replaceChildren(message('ok', 'Reconciliation finished; its report is the first below.'));
  if (reports.length === 0) {
    view.main.append(emptyState('No reconciliation reports yet. The timer runs every 30 minutes by default, or run it now.'));
    return;
  }
  const latest = reports[0];
  for (const flag of latest.flags) view.main.append(message('error', FLAG_TEXT[flag] ?? `Flag: ${flag}`));
  if (latest.flags.length === 0) view.main.append(message('ok', 'No problems flagged in the latest report.'));
  view.main.append(h('section', { 'aria-labelledby': 'chart-h' }, h('h2', { id: 'chart-h' }, 'Requests and errors per 40-minute cycle'), chart(latest.windows)));
  view.main.append(
    h('section', { 'aria-labelledby': 'reports-h' },
      h('h2', { id: 'reports-h' }, 'Latest reconciliation reports'),
      table(
        'Reconciliation reports, newest first',
        ['Started', 'Duration', 'Checked', 'Repaired', 'Purged', 'Flags'],
        reports.map((r) => [when(r.started), `${(r.durationMs / 1000).toFixed(1)} s`, summary(r.checked), summary(r.repaired, 'nothing'), summary(r.purged, 'nothing'), r.flags.join(', ') || '—']),
      ),
    ),
  );
}

function summary(counts: Record<string, number>, none = '—'): string {
  const parts = Object.entries(counts ?? {}).filter(([, n]) => typeof n === 'number' && n > 0).map(([k, n]) => `${n.toLocaleString()} ${k}`);
  return parts.length ? parts.join(', ') : none;
}

/** A bar per window (requests, errors overlaid), with the same numbers as a table for screen readers. */
function chart(windows: Report['windows']): HTMLElement {
  if (!windows || windows.length === 0) return emptyState('No requests recorded in the windows this report covers.');
  const width = 640;
  const height = 160;
  const max = Math.max(1, ...windows.map((w) => w.requests));
  // At least 12 slots, newest on the right, so one busy window is a bar, not a wall.
  const slots = Math.max(windows.length, 12);
  const bar = width / slots;
  const x = (i: number) => (slots - windows.length + i) * bar + 2;
  const y = (n: number) => height - (n / max) * (height - 24);
  const picture = svg(
    'svg',
    { viewBox: `0 0 ${width} ${height + 20}`, class: 'chart', role: 'img', 'aria-label': `Requests and errors in the last ${windows.length} cycles; peak ${max} requests` },
    svg('line', { x1: 0, y1: height, x2: width, y2: height, class: 'axis' }),
    svg('text', { x: 0, y: 12, class: 'tick' }, `peak ${max.toLocaleString()} request${max === 1 ? '' : 's'}`),
    windows.map((w, i) => [
      svg('rect', { x: x(i), y: y(w.requests), width: Math.max(1, bar - 4), height: height - y(w.requests), class: 'requests' }, svg('title', {}, `${label(w.window)}: ${w.requests} requests`)),
      svg('rect', { x: x(i), y: y(w.errors), width: Math.max(1, bar - 4), height: height - y(w.errors), class: 'errors' }, svg('title', {}, `${label(w.window)}: ${w.errors} errors`)),
    ]),
    // Time labels under the oldest and newest bars; just the newest when the bars are few.
    x(0) <= width / 2 ? svg('text', { x: x(0), y: height + 16, class: 'tick' }, label(windows[0].window)) : null,
    windows.length > 1 || x(0) > width / 2 ? svg('text', { x: width, y: height + 16, class: 'tick', 'text-anchor': 'end' }, label(windows[windows.length - 1].window)) : null,
  );
  return h(
    'figure',
    {},
    picture,
    h('figcaption', {}, h('span', { class: 'key requests' }, 'Requests'), ' ', h('span', { class: 'key errors' }, 'Errors')),
    h('details', {}, h('summary', {}, 'The numbers'), table('Requests and errors per cycle', ['Cycle starting', 'Requests', 'Errors'], windows.map((w) => [label(w.window), String(w.requests), String(w.errors)]))),
  );
}

function label(window: string): string {
  const d = new Date(window);
  return Number.isNaN(d.getTime()) ? window : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
