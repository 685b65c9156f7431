import { describe, manage, path } from '../api.js';
import { confirmDialog, copyButton, emptyState, field, h, message, table } from '../dom.js';
import { keyStatus, when } from '../format.js';
import { link, type View } from '../view.js';

export interface PublicKey {
  keyId: string;
  name: string;
  scope: 'read-write' | 'read-only';
  created: string;
  expires?: string;
  revoked?: string;
  lastUsed?: string;
  clientId: string;
  secretExpires?: string;
}

export interface IssuedKey {
  key: PublicKey;
  token: string;
  clientId: string;
  clientSecret: string;
}


/** The one time a token is shown: a read-only field with a copy button, and the OAuth pair. */
export function issuedPanel(issued: IssuedKey, heading: string): HTMLElement {
  const token = h('textarea', { readonly: true, rows: 4, class: 'secret', spellcheck: 'false', 'data-testid': 'secret-token' });
  token.value = issued.token;
  const secret = h('input', { type: 'text', readonly: true, class: 'secret', spellcheck: 'false' });
  secret.value = issued.clientSecret;
  const client = h('input', { type: 'text', readonly: true, spellcheck: 'false' });
  client.value = issued.clientId;
  return h(
    'section',
    { class: 'card issued', 'aria-labelledby': 'issued-h' },
    h('h2', { id: 'issued-h' }, heading),
    message('note', 'Copy the Secret Token now: Roster keeps only a hash and will not show it again.'),
    field('Secret Token (paste into Entra)', token),
    h('div', { class: 'actions' }, copyButton(() => token.value, 'Copy token')),
    h('details', {},
      h('summary', {}, 'OAuth client credentials (for clients that fetch their own tokens)'),
      field('Client id', client),
      field('Client secret', secret),
      h('div', { class: 'actions' }, copyButton(() => secret.value, 'Copy client secret')),
    ),
  );
}

/** Keys: created, last used, expiry, scope; revoke and rotate. */
export async function keysPage(view: View): Promise<void> {
  const dir = view.route.dir!;
  view.title('Keys');
  view.main.append(h('p', {}, 'Each key is a Secret Token that Entra (or another client) uses to provision this directory. ', h('a', { href: link(dir, 'connect') }, 'Create a key on Connect.')));
  const notice = h('div', {});
  const list = h('div', {});
  view.main.append(notice, list);

  const refresh = async () => {
    const { keys } = await manage<{ keys: PublicKey[] }>('GET', path`/directories/${dir}/keys`, undefined, view.signal);
    if (view.signal.aborted) return;
    if (keys.length === 0) {
      list.replaceChildren(emptyState('This directory has no keys yet.', h('a', { href: link(dir, 'connect') }, 'Create a key to connect Entra')));
      return;
    }
    keys.sort((a, b) => b.created.localeCompare(a.created));
    list.replaceChildren(
      table(
        'Directory keys',
        ['Name', 'Key id', 'Scope', 'Created', 'Last used', 'Expires', 'Status', 'Actions'],
        keys.map((k) => {
          const status = keyStatus(k);
          return [
            k.name,
            h('code', {}, k.keyId),
            k.scope,
            when(k.created),
            k.lastUsed ? when(k.lastUsed) : 'Never',
            k.expires ? when(k.expires) : 'Never',
            h('span', { class: `badge ${status.toLowerCase()}` }, status),
            status === 'Revoked'
              ? '—'
              : h('div', { class: 'row-actions' },
                  h('button', { type: 'button', class: 'secondary', 'aria-label': `Rotate key ${k.name} (${k.keyId})`, onclick: () => void rotate(k) }, 'Rotate'),
                  h('button', { type: 'button', class: 'danger secondary', 'aria-label': `Revoke key ${k.name} (${k.keyId})`, onclick: () => void revoke(k) }, 'Revoke…'),
                ),
          ];
        }),
      ),
    );
  };

  const revoke = async (k: PublicKey) => {
    const ok = await confirmDialog({
      title: `Revoke key "${k.name}"?`,
      body: h('p', {}, 'Its Secret Token and client secret stop working within a minute. If Entra uses this key, provisioning fails until you paste a new token.'),
      confirmLabel: 'Revoke key',
      danger: true,
    });
    if (!ok) return;
    try {
      await manage('POST', path`/directories/${dir}/keys/${k.keyId}/revoke`);
      notice.replaceChildren(message('ok', `Key "${k.name}" was revoked.`));
      await refresh();
    } catch (e) {
      notice.replaceChildren(message('error', describe(e)));
    }
  };

  const rotate = async (k: PublicKey) => {
    const expireOld = h('select', {},
      h('option', { value: '' }, 'Keep the old key until I revoke it'),
      h('option', { value: '3600' }, 'Expire the old key in 1 hour'),
      h('option', { value: '86400', selected: true }, 'Expire the old key in 24 hours'),
      h('option', { value: '604800' }, 'Expire the old key in 7 days'),
    );
    const ok = await confirmDialog({
      title: `Rotate key "${k.name}"?`,
      body: h('div', {}, h('p', {}, 'Roster issues a new key with the same scope. Paste its token into Entra, then let the old one expire.'), field('Old key', expireOld)),
      confirmLabel: 'Rotate key',
    });
    if (!ok) return;
    try {
      const seconds = Number(expireOld.value);
      const body = seconds ? { expireOldAt: new Date(Date.now() + seconds * 1000).toISOString() } : {};
      const issued = await manage<IssuedKey>('POST', path`/directories/${dir}/keys/${k.keyId}/rotate`, body);
      notice.replaceChildren(issuedPanel(issued, `New key for "${k.name}"`));
      await refresh();
      notice.querySelector('textarea')?.focus();
    } catch (e) {
      notice.replaceChildren(message('error', describe(e)));
    }
  };

  await refresh();
}
