import { existsSync, rmSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { start, startEnv, waitFor, type Started } from './npm-start';

/**
 * Debian's Chromium (or CHROMIUM_PATH), headless, with the flags that keep it off the network:
 * browser tests never download a browser. Missing Chromium is a failure that says what to install.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** `npm start` (built output, free ports, own data directory) and Chromium, for the console's browser tests. */
export interface ConsoleRig {
  roster: Started;
  browser: Browser;
  /** What `npm start` printed: the console's URL, the admin key, the Tenant URL and the dev token. */
  printed: { consoleUrl: string; adminKey: string; tenantUrl: string; devToken: string };
  stop(): Promise<void>;
}

export async function startConsoleRig(extraEnv: Record<string, string> = {}): Promise<ConsoleRig> {
  const env = { ...(await startEnv('roster-console-')), ...extraEnv };
  const roster = start(env);
  const [, consoleUrl] = await waitFor(roster, /Console\s+(\S+)/);
  const [, adminKey] = await waitFor(roster, /Admin key\s+(\S+)/);
  const [, tenantUrl] = await waitFor(roster, /Tenant URL\s+(\S+)/);
  const [, devToken] = await waitFor(roster, /Secret Token\s+(\S+)/);
  const browser = await launchChromium();
  return {
    roster,
    browser,
    printed: { consoleUrl: consoleUrl!, adminKey: adminKey!, tenantUrl: tenantUrl!, devToken: devToken! },
    stop: async () => {
      await browser.close().catch(() => undefined);
      roster.child.kill('SIGINT');
      await roster.exited;
      rmSync(env.ROSTER_DATA_DIR!, { recursive: true, force: true });
    },
  };
}
