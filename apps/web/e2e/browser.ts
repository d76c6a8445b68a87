import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

const CHROMIUM_PATH = '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };

// Debian's Chromium runs as root in CI containers: no sandbox, no GPU, no shared-memory
// assumptions, and nothing that phones home (the machine has no network besides npm).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

export type TBrowserSession = {
  context: BrowserContext;
  newPage: () => Promise<Page>;
  close: () => Promise<void>;
};

/** Starts Chromium with a throwaway profile; every call is isolated from the others. */
export async function launchBrowser(options: { baseURL: string }): Promise<TBrowserSession> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'wac-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    baseURL: options.baseURL,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  return {
    context,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // A full-page shot taken while scrolled paints the sticky navigation and top bar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
