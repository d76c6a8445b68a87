import { join } from 'node:path';
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR, screenshot } from './browser';
import { directoryApiEnv, startConsoleWithGoogle, type TConsoleWithGoogle } from './console-harness';
import { signInAsAdmin } from './console-steps';
import { connectGoogleWorkspace, PHONE, synchronizeNow } from './google-steps';

// Issue 10, "What a first-time admin trips over", items 2 (small screens) and 10 (contrast).
const ADMIN_PASSWORD = 'console pages admin password';
const DESKTOP = { width: 1280, height: 800 };

type TConsolePage = { name: string; path: string; heading: string };

/** Every admin page, with data in it (a synced directory, a run, a user with an archive). */
function adminPages(runPath: string, userPath: string): TConsolePage[] {
  return [
    { name: 'setup', path: '/setup', heading: 'Set up the connector' },
    { name: 'users', path: '/users', heading: 'Users' },
    { name: 'user-detail', path: userPath, heading: 'carol' },
    { name: 'directory-connection', path: '/directory/connection', heading: 'Directory Services' },
    { name: 'directory-synchronization', path: '/directory/synchronization', heading: 'Directory Services' },
    { name: 'directory-history', path: '/directory/history', heading: 'Directory Services' },
    { name: 'directory-run', path: runPath, heading: 'Directory Services' },
    { name: 'google-sign-in', path: '/google-sign-in', heading: 'Sign-in with Google' },
  ];
}

async function open(page: Page, target: TConsolePage): Promise<void> {
  await page.goto(target.path);
  await page.getByRole('heading', { name: target.heading, level: 1 }).waitFor();
  // Sections load on their own; measure and judge the page once nothing is loading any more.
  await page.waitForFunction(() => document.querySelector('.spinner, .skeleton') === null, undefined, {
    timeout: 15_000,
  });
}

/** WCAG 2 contrast ratio of a #rrggbb colour against white. */
function contrastOnWhite(hex: string): number {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

type TContrastProblem = { page: string; target: string; summary: string };

async function contrastProblems(page: Page, name: string): Promise<TContrastProblem[]> {
  // Evaluated through the debugging protocol, so the console's Content-Security-Policy does not apply.
  await page.evaluate(axe.source);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'rule', values: ['color-contrast'] },
    }),
  );
  return result.violations.flatMap((violation) =>
    violation.nodes.map((node) => ({
      page: name,
      target: node.target.join(' '),
      summary: node.failureSummary ?? violation.help,
    })),
  );
}

describe('Every admin page on a phone and in contrast', () => {
  let h: TConsoleWithGoogle;
  let page: Page;
  let pages: TConsolePage[];

  beforeAll(async () => {
    h = await startConsoleWithGoogle({ adminPassword: ADMIN_PASSWORD, env: directoryApiEnv });
    ({ page } = h);
    await signInAsAdmin(page, ADMIN_PASSWORD);
    await connectGoogleWorkspace(h, page);
    await page.getByRole('button', { name: 'Check setup' }).click();
    await page
      .getByText(/checks? passed|All checks/i)
      .first()
      .waitFor({ timeout: 30_000 });
    await synchronizeNow(page);
    const run = await h.database.prisma.syncRun.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    const carol = await h.database.prisma.user.findUniqueOrThrow({
      where: { userNameKey: 'carol@example.com' },
    });
    pages = adminPages(`/directory/history/${run.id}`, `/users/${carol.id}`);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('item 2: at 390px the menu folds into a drawer and no page scrolls sideways', async () => {
    await page.setViewportSize(PHONE);
    const overflowing: string[] = [];
    for (const target of pages) {
      await open(page, target);
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > PHONE.width) overflowing.push(`${target.name}: ${width}px`);
      await screenshot(page, `phone-${target.name}`);
    }
    expect(overflowing).toEqual([]);

    // The drawer opens from the top bar and closes when a page is chosen.
    const menuButton = page.getByRole('button', { name: 'Menu' });
    await menuButton.click();
    const menu = page.getByRole('navigation', { name: 'Main' });
    await menu.waitFor();
    expect(await menuButton.getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'phone-menu-open.png'), animations: 'disabled' });
    await menu.getByRole('link', { name: 'Users' }).click();
    await page.waitForURL('**/users');
    await menu.waitFor({ state: 'hidden' });
  });

  it('item 10: text on every page meets WCAG AA contrast (axe-core), on a desktop and a phone', async () => {
    const problems: TContrastProblem[] = [];
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      for (const target of pages) {
        await open(page, target);
        problems.push(...(await contrastProblems(page, `${target.name} at ${viewport.width}px`)));
      }
    }
    expect(problems).toEqual([]);
    await page.setViewportSize(DESKTOP);
  });

  it("item 10: the palette's secondary greys are at least 4.5:1 on white", async () => {
    await open(page, pages[1] as TConsolePage);
    const greys = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement);
      return ['--color-text-muted', '--color-text-subtle'].map((name) => style.getPropertyValue(name).trim());
    });
    for (const grey of greys) expect(contrastOnWhite(grey)).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, 'desktop-users-contrast');
  });
});
