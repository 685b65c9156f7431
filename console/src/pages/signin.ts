import { setAdminKey, type ConsoleConfig } from '../api.js';
import { field, h, message } from '../dom.js';
import { signedIn, state } from '../session.js';
import type { View } from '../view.js';

/**
 * Sign-in. Locally: the admin key `npm start` prints. In Azure with App Service sign-in: the
 * Microsoft work account (the server checks the admin app role or group); the admin key
 * stays available for break-glass access.
 */
export async function signinPage(view: View, config: ConsoleConfig): Promise<void> {
  const next = view.route.query.get('next');
  if (state.session) {
    // Already signed in (an App Service session, or a key from earlier in this tab).
    view.navigate(next && next.startsWith('#/') && !next.startsWith('#/signin') ? next : '#/');
    return;
  }
  view.title('Sign in to Roster');
  if (config.appService && config.loginUrl) {
    const target = `${config.loginUrl.split('?')[0]}?post_login_redirect_uri=${encodeURIComponent(location.pathname + (next ?? ''))}`;
    view.main.append(
      h('p', {}, 'Sign in with the Microsoft work account of a Roster administrator.'),
      h('p', {}, h('a', { class: 'button', href: target }, 'Sign in with Microsoft')),
      h('h2', {}, 'Or use the admin key'),
    );
  }
  const input = h('input', { type: 'password', name: 'adminKey', autocomplete: 'off', spellcheck: 'false', required: true });
  const status = h('div', {});
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card narrow' },
    field('Admin key', input, '`npm start` prints it as "Admin key"; it is also in .roster/admin-key. In Azure it is the Key Vault secret roster-admin-key.'),
    h('div', { class: 'actions' }, submit),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) {
      status.replaceChildren(message('error', 'Enter the admin key.'));
      input.focus();
      return;
    }
    submit.disabled = true;
    status.replaceChildren(message('note', 'Checking the key…'));
    setAdminKey(key);
    const ok = await signedIn(next);
    submit.disabled = false;
    if (!ok) {
      setAdminKey(null);
      status.replaceChildren(message('error', 'That admin key was not accepted. Check it and try again.'));
      input.select();
      input.focus();
    }
  });
  view.main.append(form);
  input.focus();
}
