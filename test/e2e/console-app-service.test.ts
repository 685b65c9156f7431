import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleRig, type ConsoleRig } from '../support/chromium';

/**
 * The console as it runs in Azure with App Service Authentication: App Service signs the admin
 * in and adds X-MS-CLIENT-PRINCIPAL to every request the browser makes. Here the browser context
 * adds that header itself (what App Service would), against `npm start` with
 * ROSTER_CONSOLE_AUTH=appservice. No admin key is typed anywhere.
 */
let rig: ConsoleRig;
let browser: Browser;
let consoleUrl: string;

beforeAll(async () => {
  rig = await startConsoleRig({ ROSTER_CONSOLE_AUTH: 'appservice' });
  ({ browser } = rig);
  ({ consoleUrl } = rig.printed);
}, 90_000);

afterAll(() => rig?.stop());

function principal(name: string, roles: string[]): string {
  const claims = [{ typ: 'name', val: name }, { typ: 'preferred_username', val: `${name.split(' ')[0]!.toLowerCase()}@contoso.example` }, ...roles.map((val) => ({ typ: 'roles', val }))];
  return Buffer.from(JSON.stringify({ auth_typ: 'aad', name_typ: 'name', role_typ: 'roles', claims })).toString('base64');
}

async function signedInAs(name: string, roles: string[]): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.setExtraHTTPHeaders({ 'X-MS-CLIENT-PRINCIPAL': principal(name, roles) });
  return context;
}

describe('console behind App Service Authentication', () => {
  it('offers the Microsoft sign-in to a visitor App Service has not signed in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(consoleUrl);
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    const href = await page.getByRole('link', { name: 'Sign in with Microsoft' }).getAttribute('href');
    expect(href).toBe('/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fconsole%2F');
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });

  it('lets an admin in by the app role, and their changes pass the CSRF guard', async () => {
    const context = await signedInAs('Ada Admin', ['Roster.Admin']);
    const page = await context.newPage();
    await page.goto(consoleUrl);
    await page.getByRole('heading', { name: 'Directories', level: 1 }).waitFor();
    expect(await page.getByText('Signed in: ada@contoso.example').isVisible()).toBe(true);
    await page.getByLabel('Display name').fill('Fabrikam');
    await page.getByRole('button', { name: 'Create directory' }).click();
    await page.getByRole('heading', { name: 'Connect Fabrikam to Entra' }).waitFor();
    await context.close();
  });

  it('turns away someone signed in without the role, saying why', async () => {
    const context = await signedInAs('Bob Builder', ['Reader']);
    const page = await context.newPage();
    await page.goto(`${consoleUrl}#/d/fabrikam/keys`);
    await page.getByRole('heading', { name: 'Sign in to Roster' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('signed in as bob@contoso.example, but not a member of the admin group or app role');
    await context.close();
  });
});
