import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleRig, type ConsoleRig } from '../support/chromium';
import { repoRoot } from '../support/npm-start';

/**
 * The admin console end to end, as a new user meets it: `npm start` (built output, plain
 * Node, own Azurite on free ports), Debian's Chromium driven by playwright-core (never a
 * downloaded browser). Sign in with the printed admin key, create a directory and a key, run
 * Test Connection, provision a user the way Entra does, find it, look at every page, revoke
 * the key. Screenshots of each page go to test-results/console/ (ROSTER_SCREENSHOTS_DIR moves
 * them; `npm run screenshots` refreshes the ones the README shows, in docs/screenshots/).
 */
const SHOTS = join(repoRoot, process.env.ROSTER_SCREENSHOTS_DIR || 'test-results/console');

let rig: ConsoleRig;
let browser: Browser;
let page: Page;
let consoleUrl: string;
let adminKey: string;
let tenantUrl: string;
let devToken: string;

/** A tab of the directory pages' navigation. */
const tab = (name: string) => page.getByRole('navigation', { name: 'Directory pages' }).getByRole('link', { name, exact: true });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  rig = await startConsoleRig();
  ({ consoleUrl, adminKey, tenantUrl, devToken } = rig.printed);
  browser = rig.browser;
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(consoleUrl).origin });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 90_000);

afterAll(() => rig?.stop());

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** A datetime-local value in the browser's (and this process's) time zone. */
function localTime(ms: number): string {
  const d = new Date(ms);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Entra, provisioning through the Tenant URL with a directory key. */
async function scim(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${tenantUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('admin console in Chromium against npm start', () => {
  let token = '';
  let userId = '';
  let groupId = '';

  it('serves the page from the Function App with nothing from another host', async () => {
    expect(consoleUrl).toMatch(/^http:\/\/localhost:\d+\/api\/console\/$/);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const response = await page.goto(consoleUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Roster' }).isVisible()).toBe(true);
    expect(requested.filter((u) => new URL(u).origin !== new URL(consoleUrl).origin && !u.startsWith('data:'))).toEqual([]);
  });

  it('refuses a directory key and a wrong key, then signs in with the admin key from the keyboard', async () => {
    await page.getByLabel('Admin key').fill(devToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('was not accepted');
    await page.getByLabel('Admin key').fill('not-the-key');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('was not accepted');
    await shot('01-sign-in');
    await page.getByLabel('Admin key').fill(adminKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Directories', level: 1 }).waitFor();
    expect(await page.getByText('Signed in: admin key').isVisible()).toBe(true);
  });

  it('creates a directory, then a key whose token is shown once', async () => {
    await page.getByLabel('Display name').fill('Contoso Production');
    expect(await page.getByLabel('Directory id').inputValue()).toBe('contoso-production');
    await shot('02-directories');
    await page.getByRole('button', { name: 'Create directory' }).click();
    await page.getByRole('heading', { name: 'Connect Contoso Production to Entra' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Tenant URL' }).inputValue()).toBe(tenantUrl);
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = page.getByTestId('secret-token');
    await secret.waitFor();
    token = await secret.inputValue();
    expect(token.length).toBeGreaterThan(40);
    await page.getByRole('button', { name: 'Copy token' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  });

  it('runs Test Connection with the new token, as Entra does', async () => {
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await page.getByText('Test Connection succeeded').waitFor();
    expect(await page.getByText('Passed: Find a user by userName').isVisible()).toBe(true);
    await shot('03-connect');
    // The same check fails clearly with a token that is not a key of this deployment.
    await page.getByLabel('Secret Token', { exact: true }).fill('nonsense');
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await page.getByText(/^Test Connection failed/).waitFor();
  });

  it('finds a user Entra provisioned, as you type, and shows its attributes, manager and groups', async () => {
    const boss = await (await scim(token, 'POST', '/Users', { userName: 'boss@contoso.example', displayName: 'Bea Boss' })).json();
    const created = await scim(token, 'POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      userName: 'alice.smith@contoso.example',
      displayName: 'Alice Smith',
      emails: [{ value: 'alice.smith@contoso.example', type: 'work', primary: true }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Finance', manager: { value: boss.id } },
    });
    expect(created.status).toBe(201);
    userId = (await created.json()).id;
    const group = await scim(token, 'POST', '/Groups', { displayName: 'Finance team', members: [{ value: userId }, { value: boss.id }] });
    expect(group.status).toBe(201);
    groupId = (await group.json()).id;

    await tab('People').click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await page.getByLabel('Search users and groups').pressSequentially('ALI', { delay: 30 });
    const result = page.getByRole('link', { name: 'alice.smith@contoso.example' });
    await expect.poll(() => page.getByRole('link', { name: 'boss@contoso.example' }).count()).toBe(0);
    await result.waitFor();
    await expect.poll(() => new URL(page.url()).hash).toBe('#/d/contoso-production/people?q=ALI');
    await shot('04-people');
    await result.click();
    await page.getByRole('heading', { name: 'Alice Smith' }).waitFor();
    expect(await page.getByRole('link', { name: 'Bea Boss' }).isVisible()).toBe(true);
    expect(await page.getByText('Finance', { exact: true }).isVisible()).toBe(true);
    await shot('05-user');
    await page.getByRole('link', { name: 'Finance team' }).click();
    await page.getByRole('heading', { name: 'Finance team' }).waitFor();
    await page.getByText('2 members.').waitFor();
    await shot('06-group');
  });

  it('shows the change journal, filterable by resource', async () => {
    await tab('Activity').click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('row').count()).toBeGreaterThanOrEqual(4); // header + 2 users + group
    await shot('07-activity');
    await page.getByLabel('Resource id').fill(userId);
    await page.getByRole('button', { name: 'Show changes' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    // And by time: nothing from tomorrow on, everything from a year ago.
    await page.getByLabel('Period').selectOption('from');
    await page.getByLabel('From (your local time)').fill(localTime(Date.now() + 86_400_000));
    await page.getByRole('button', { name: 'Show changes' }).click();
    await page.getByText('No changes to this resource in this period.').waitFor();
    await page.getByLabel('From (your local time)').fill(localTime(Date.now() - 365 * 86_400_000));
    await page.getByRole('button', { name: 'Show changes' }).click();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
  });

  it('runs reconciliation and shows its report and when Entra was last seen', async () => {
    await tab('Health').click();
    await page.getByRole('heading', { name: 'Health', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Run reconciliation now' }).click();
    await page.getByText('Reconciliation finished').waitFor();
    expect(await page.getByRole('table', { name: 'Reconciliation reports, newest first' }).isVisible()).toBe(true);
    expect(await page.locator('dd').first().textContent()).toMatch(/ago|just now/);
    await shot('08-health');
  });

  it('lists keys, rotates one (new token shown once) and revokes the old one, after which Entra is refused', async () => {
    await tab('Keys').click();
    await page.getByRole('heading', { name: 'Keys', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    const oldKeyId = (await page.getByRole('row').nth(1).locator('code').textContent())!;
    await page.getByRole('button', { name: `Rotate key Entra provisioning (${oldKeyId})` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Old key').selectOption('3600');
    await dialog.getByRole('button', { name: 'Rotate key' }).click();
    await page.getByText('New key for "Entra provisioning"').waitFor();
    const rotated = await page.getByTestId('secret-token').inputValue();
    expect(rotated).not.toBe(token);
    await expect.poll(() => page.getByRole('row').count()).toBe(3);
    expect((await scim(rotated, 'GET', '/Users?count=1')).status).toBe(200);
    await shot('09-keys');

    await page.getByRole('button', { name: `Revoke key Entra provisioning (${oldKeyId})` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText('was revoked').waitFor();
    await page.getByText('Revoked', { exact: true }).waitFor();
    await expect.poll(async () => (await scim(token, 'GET', '/Users?count=1')).status, { timeout: 70_000, interval: 1000 }).toBe(401);
    expect((await scim(rotated, 'GET', '/Users?count=1')).status).toBe(200);
  }, 90_000);

  it('deletes a directory only after its id is typed', async () => {
    await page.goto(`${consoleUrl}#/`);
    await page.getByRole('heading', { name: 'Directories', level: 1 }).waitFor();
    await page.getByLabel('Display name').fill('Scratch');
    await page.getByRole('button', { name: 'Create directory' }).click();
    await page.getByRole('heading', { name: 'Connect Scratch to Entra' }).waitFor();
    await page.getByRole('link', { name: 'Directories' }).first().click();
    await page.getByRole('button', { name: 'Delete directory scratch' }).click();
    const dialog = page.getByRole('dialog');
    const confirm = dialog.getByRole('button', { name: 'Delete directory' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type scratch to confirm').fill('scratc');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type scratch to confirm').fill('scratch');
    await confirm.click();
    await page.getByText('Directory scratch was deleted.').waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Scratch' }).count()).toBe(0);
  });

  it('is keyboard navigable with visible focus, labelled controls and no sideways scrolling at 200% zoom', async () => {
    await page.goto(`${consoleUrl}#/d/contoso-production/people`);
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    await page.getByRole('table').first().waitFor();
    // Every form control has an accessible name.
    const unlabelled = await page.$$eval('input, select, textarea', (els) =>
      els.filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label')).map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    // Tab from the top of a freshly loaded page reaches the skip link first, and focus is drawn.
    await page.goto(`${consoleUrl}#/d/contoso-production/keys`);
    await page.reload();
    await page.getByRole('heading', { name: 'Keys', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    // Tabbing on reaches the page tabs, in order.
    const seen: string[] = [];
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      seen.push((await page.evaluate(() => document.activeElement?.textContent?.trim())) ?? '');
    }
    expect(seen).toEqual(expect.arrayContaining(['Connect', 'Keys', 'People', 'Activity', 'Health']));
    // 200% zoom of a 1280-pixel window is a 640-pixel viewport: the page reflows instead of scrolling sideways.
    await page.setViewportSize({ width: 640, height: 860 });
    for (const hash of ['#/', '#/d/contoso-production/connect', '#/d/contoso-production/health']) {
      await page.goto(`${consoleUrl}${hash}`);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, hash).toBeLessThanOrEqual(0);
    }
    await shot('10-zoom-200');
    await page.setViewportSize({ width: 1280, height: 860 });
  });
  it('has no WCAG 2.1 A or AA violations on any page (axe-core)', async () => {
    // axe is injected as a script, which the console's CSP forbids: this one context bypasses it.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 860 } });
    const audit = await context.newPage();
    const violations: string[] = [];
    const check = async (hash: string, heading: string) => {
      await audit.goto(`${consoleUrl}${hash}`);
      await audit.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await audit.waitForLoadState('networkidle');
      await audit.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const found = await audit.evaluate(async () => {
        type Rule = { id: string; nodes: { target: unknown }[] };
        const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: Rule[]; passes: Rule[] }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return { passed: result.passes.map((r) => r.id), violations: result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`) };
      });
      // The audit really ran: it checked labels and contrast on this page.
      expect(found.passed, hash).toEqual(expect.arrayContaining(['color-contrast']));
      violations.push(...found.violations.map((v) => `${hash} ${v}`));
    };
    await check('', 'Sign in to Roster');
    await audit.getByLabel('Admin key').fill(adminKey);
    await audit.keyboard.press('Enter');
    await audit.getByRole('heading', { name: 'Directories', level: 1 }).waitFor();
    const dir = '#/d/contoso-production';
    for (const [hash, heading] of [
      ['#/', 'Directories'],
      [`${dir}/connect`, 'Connect Contoso Production to Entra'],
      [`${dir}/keys`, 'Keys'],
      [`${dir}/people`, 'People'],
      [`${dir}/users/${userId}`, 'Alice Smith'],
      [`${dir}/groups/${groupId}`, 'Finance team'],
      [`${dir}/activity`, 'Activity'],
      [`${dir}/health`, 'Health'],
    ] as const) {
      await check(hash, heading);
    }
    await context.close();
    expect(violations).toEqual([]);
  }, 60_000);
});
