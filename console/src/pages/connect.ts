import { ApiError, describe, manage, path, tenantUrl, testConnection } from '../api.js';
import { append, copyButton, field, h, message, replace } from '../dom.js';
import { count, when } from '../format.js';
import { listDirectories } from './directories.js';
import { link, type View } from '../view.js';
import { issuedPanel, type IssuedKey } from './keys.js';

interface LatestReport {
  started: string;
  checked: Record<string, number>;
}

/** The token last created on this page, kept in memory only so Test Connection can use it. */
let lastToken: { dir: string; token: string } | undefined;

/** Connect: the Tenant URL, a key whose token is shown once, and Entra's Test Connection. */
export async function connectPage(view: View): Promise<void> {
  const dir = view.route.dir!;
  // Not GET /directories/{id}: its exact counts read the whole partition. The latest
  // reconciliation report has counted already, which keeps this page cheap at 100,000 users.
  const [dirs, { reports }] = await Promise.all([
    listDirectories(),
    manage<{ reports: LatestReport[] }>('GET', path`/directories/${dir}/reports?limit=1`, undefined, view.signal),
  ]);
  if (view.signal.aborted) return;
  const detail = dirs.find((d) => d.id === dir);
  if (!detail) throw new ApiError(404, `There is no directory "${dir}".`);
  view.title(`Connect ${detail.displayName} to Entra`);
  if (view.route.query.get('created')) view.main.append(message('ok', `Directory ${dir} was created. Now create a key and paste both values into Entra.`));
  append(
    view.main,
    [
      reports[0]
        ? h('p', { class: 'counts' }, `${count(reports[0].checked.users ?? 0, 'user')} and ${count(reports[0].checked.groups ?? 0, 'group')} at the last reconciliation, ${when(reports[0].started)}.`)
        : null,
      h('ol', { class: 'steps' },
        h('li', {}, 'In the Entra admin center, open Enterprise applications → your app → Provisioning, and set Provisioning Mode to Automatic.'),
        h('li', {}, 'Under Admin Credentials, paste the Tenant URL and a Secret Token from below.'),
        h('li', {}, 'Select Test Connection there, or here first, then save and start provisioning.'),
      ),
    ],
  );

  const url = h('input', { type: 'text', readonly: true, value: tenantUrl, spellcheck: 'false' });
  view.main.append(
    h('section', { class: 'card', 'aria-label': 'Tenant URL' },
      field('Tenant URL', url, 'The same for every directory: the Secret Token says which directory Entra writes to.'),
      h('div', { class: 'actions' }, copyButton(() => url.value, 'Copy Tenant URL')),
    ),
  );

  const issuedArea = h('div', {});
  const test = testSection(dir);
  const onIssued = (issued: IssuedKey) => {
    lastToken = { dir, token: issued.token };
    test.useToken(issued.token);
  };
  view.main.append(keyForm(dir, issuedArea, onIssued), issuedArea, test.form);
}

function keyForm(dir: string, issuedArea: HTMLElement, onIssued: (issued: IssuedKey) => void): HTMLElement {
  const name = h('input', { type: 'text', name: 'keyName', required: true, maxlength: 256, value: 'Entra provisioning', autocomplete: 'off' });
  const scope = h('select', { name: 'scope' }, h('option', { value: 'read-write' }, 'Read and write (Entra provisioning)'), h('option', { value: 'read-only' }, 'Read only'));
  const expires = h('input', { type: 'date', name: 'expires' });
  const status = h('div', {});
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'key-h' },
    h('h2', { id: 'key-h' }, 'Create a key'),
    field('Key name', name, 'Says where the token is used, e.g. "Entra provisioning".'),
    field('Scope', scope),
    field('Expires (optional)', expires, 'Leave empty for a key that does not expire; revoke it on Keys when done.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create key')),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    status.replaceChildren();
    try {
      const body: Record<string, string> = { name: name.value.trim(), scope: scope.value };
      if (expires.value) body.expires = new Date(`${expires.value}T23:59:59`).toISOString();
      const issued = await manage<IssuedKey>('POST', path`/directories/${dir}/keys`, body);
      onIssued(issued);
      issuedArea.replaceChildren(issuedPanel(issued, `Key "${issued.key.name}" created`));
      (issuedArea.querySelector('textarea') as HTMLTextAreaElement | null)?.focus();
    } catch (err) {
      status.replaceChildren(message('error', describe(err)));
    }
  });
  return form;
}

/** Test Connection, prefilled with the token created on this page (kept in memory only, per directory). */
function testSection(dir: string): { form: HTMLElement; useToken(token: string): void } {
  const token = h('input', { type: 'password', name: 'testToken', autocomplete: 'off', spellcheck: 'false' });
  const results = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Test Connection');
  if (lastToken?.dir === dir) token.value = lastToken.token;
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'test-h' },
    h('h2', { id: 'test-h' }, 'Test Connection'),
    h('p', {}, 'Sends the request Entra sends when you select Test Connection: a user lookup by a random userName (and a group lookup), which must answer 200 with an empty list.'),
    field('Secret Token', token, 'Filled in with the key you just created; or paste a token.'),
    h('div', { class: 'actions' }, button),
    results,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!token.value.trim()) {
      results.replaceChildren(message('error', 'Create a key above or paste a Secret Token first.'));
      token.focus();
      return;
    }
    button.disabled = true;
    results.replaceChildren(message('note', 'Testing…'));
    const probes = await testConnection(token.value.trim());
    button.disabled = false;
    const ok = probes.every((p) => p.ok);
    replace(
      results,
      message(ok ? 'ok' : 'error', ok ? 'Test Connection succeeded: Entra can provision this directory with this token.' : `Test Connection failed: ${probes[probes.length - 1].detail}`),
      h('ul', { class: 'probes' },
        probes.map((p) =>
          h('li', { class: p.ok ? 'pass' : 'fail' },
            h('strong', {}, `${p.ok ? 'Passed' : 'Failed'}: ${p.label}`),
            ` — HTTP ${p.status || 'no answer'} in ${p.ms} ms. ${p.detail}`,
            h('br', {}),
            h('code', {}, p.request),
          ),
        ),
      ),
      ok ? h('p', {}, 'Next: ', h('a', { href: link(dir, 'people') }, 'watch people arrive'), ' once Entra starts provisioning.') : null,
    );
  });
  return { form, useToken: (value) => (token.value = value) };
}
