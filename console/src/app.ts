/**
 * The Roster admin console: a hash-routed single page over the management API. Boot reads
 * the sign-in mode, checks the session, then renders the page the hash names.
 */
import { adminKey, describe, getConfig, setAdminKey, whenSignedOut, type ConsoleConfig } from './api.js';
import { byId, h, message, replace } from './dom.js';
import { activityPage } from './pages/activity.js';
import { connectPage } from './pages/connect.js';
import { directoriesPage, listDirectories } from './pages/directories.js';
import { healthPage } from './pages/health.js';
import { keysPage } from './pages/keys.js';
import { groupPage, peoplePage, userPage } from './pages/people.js';
import { signinPage } from './pages/signin.js';
import { checkSession, state } from './session.js';
import { DIRECTORY_PAGES, link, parseRoute, type PageName, type Route, type View } from './view.js';

const PAGES: Record<PageName, (view: View, config: ConsoleConfig) => Promise<void>> = {
  signin: signinPage,
  directories: directoriesPage,
  connect: connectPage,
  keys: keysPage,
  people: peoplePage,
  user: userPage,
  group: groupPage,
  activity: activityPage,
  health: healthPage,
  notfound: async (view) => {
    view.title('Page not found');
    view.main.append(h('p', {}, 'There is no console page at this address. ', h('a', { href: '#/' }, 'Go to Directories')));
  },
};

let current: AbortController | undefined;
let signinNote: string | undefined;

async function boot(): Promise<void> {
  byId('skip').addEventListener('click', (e) => {
    e.preventDefault();
    byId('main').focus();
  });
  state.config = await getConfig().catch(() => state.config);
  // The first check may well be refused (no key yet): that is the sign-in page, not a lost session.
  await checkSession();
  whenSignedOut((reason) => {
    state.session = undefined;
    setAdminKey(null);
    signinNote = reason;
    if (parseRoute(location.hash).page !== 'signin') location.hash = `#/signin?next=${encodeURIComponent(location.hash)}`;
  });
  window.addEventListener('hashchange', () => void render(true));
  await render(false);
}

async function render(moveFocus: boolean): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  let route = parseRoute(location.hash);
  if (!state.session && route.page !== 'signin') {
    location.replace(`#/signin${location.hash && location.hash !== '#/' ? `?next=${encodeURIComponent(location.hash)}` : ''}`);
    route = parseRoute(location.hash);
  }
  const main = byId('main');
  replace(main);
  renderChrome(route);
  const view: View = {
    main,
    route,
    signal: controller.signal,
    // After a navigation, focus goes to the new page's heading as soon as it exists, so a
    // screen reader announces the page and keys typed while the page loads are not stolen later.
    title(text) {
      document.title = `${text} · Roster console`;
      const heading = h('h1', { tabindex: -1 }, text);
      main.append(heading);
      if (moveFocus) heading.focus();
      return heading;
    },
    navigate(hash) {
      location.hash = hash;
    },
  };
  if (route.page === 'signin' && state.refusal) main.append(message('error', state.refusal));
  else if (route.page === 'signin' && signinNote) main.append(message('note', signinNote));
  signinNote = undefined;
  try {
    await PAGES[route.page](view, state.config);
  } catch (e) {
    if (controller.signal.aborted) return;
    main.append(message('error', describe(e)));
  }
  if (moveFocus && !controller.signal.aborted && !main.querySelector('h1')) main.focus();
}

function renderChrome(route: Route): void {
  const tabs = byId('tabs');
  const context = byId('context');
  const who = byId('who');
  replace(who);
  if (state.session) {
    who.append(
      h('span', {}, `Signed in: ${state.session.name}`),
      h('button', { type: 'button', class: 'secondary', onclick: signOut }, 'Sign out'),
    );
  }
  const dir = route.dir;
  if (!dir || !state.session) {
    tabs.hidden = true;
    replace(context);
    return;
  }
  tabs.hidden = false;
  const active = route.page === 'user' || route.page === 'group' ? 'people' : route.page;
  replace(
    tabs,
    h('ul', {}, DIRECTORY_PAGES.map((p) => h('li', {}, h('a', { href: link(dir, p.page), 'aria-current': p.page === active ? 'page' : false }, p.label)))),
  );
  void renderDirectorySwitch(context, dir, route);
}

/** The directory switch in the header: keeps the current page when switching. */
async function renderDirectorySwitch(context: HTMLElement, dir: string, route: Route): Promise<void> {
  const select = h('select', { id: 'directory-switch', 'aria-label': 'Directory' });
  try {
    const dirs = await listDirectories();
    for (const d of dirs) select.append(h('option', { value: d.id, selected: d.id === dir }, `${d.displayName} (${d.id})`));
    if (!dirs.some((d) => d.id === dir)) select.append(h('option', { value: dir, selected: true }, dir));
  } catch {
    select.append(h('option', { value: dir, selected: true }, dir));
  }
  select.addEventListener('change', () => {
    const page = route.page === 'user' || route.page === 'group' ? 'people' : route.page;
    location.hash = link(select.value, page);
  });
  replace(context, h('a', { href: '#/' }, 'Directories'), h('span', { 'aria-hidden': 'true' }, ' / '), select);
}

async function signOut(): Promise<void> {
  const viaKey = adminKey() !== null;
  setAdminKey(null);
  state.session = undefined;
  if (state.config.appService && state.config.logoutUrl && !viaKey) {
    location.href = state.config.logoutUrl;
    return;
  }
  location.hash = '#/signin';
}

void boot();
