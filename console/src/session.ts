/** The sign-in state: the server's answer to GET /manage/session, and the console's sign-in mode. */
import { adminKey, ApiError, describe, manage, type ConsoleConfig } from './api.js';

export const state: {
  config: ConsoleConfig;
  session?: { name: string; via: string };
  /** Why the last check failed when the server said more than "not signed in" (e.g. signed in without the admin role). */
  refusal?: string;
} = { config: { appService: false } };

/** Signed in when the server accepts the stored admin key or the App Service sign-in. */
export async function checkSession(): Promise<boolean> {
  if (!adminKey() && !state.config.appService) {
    state.session = undefined;
    return false;
  }
  try {
    state.session = await manage<{ name: string; via: string }>('GET', '/session');
    state.refusal = undefined;
    return true;
  } catch (e) {
    state.session = undefined;
    state.refusal = e instanceof ApiError && e.status === 401 ? undefined : describe(e);
    return false;
  }
}

/** After a successful sign-in: go where the user was headed (only ever a console route). */
export async function signedIn(next: string | null): Promise<boolean> {
  const ok = await checkSession();
  if (ok) location.hash = next && next.startsWith('#/') && !next.startsWith('#/signin') ? next : '#/';
  return ok;
}
