import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser';
import { startConsole, type TConsole } from './console-harness';
import { signInAsAdmin } from './console-steps';
import { PHONE } from './google-steps';

const ADMIN_PASSWORD = 'archive-folders admin password';

// Issue 10: orphaned archive folders are shown with their former owner and an admin assigns one.
describe('console: orphaned archive folders', () => {
  let h: TConsole;
  let page: Page;
  const ids = { leaverFolder: '', oldFolder: '', newHire: '', carol: '' };

  beforeAll(async () => {
    h = await startConsole({ adminPassword: ADMIN_PASSWORD });
    ({ page } = h);
    const { prisma } = h.database;
    // What a sync leaves after a leaver: a folder without owner that remembers who it was.
    ids.leaverFolder = (
      await prisma.archiveFolder.create({
        data: {
          name: 'Archive of alice@example.com',
          ownerUserName: 'alice@example.com',
          ownerGoogleUserId: '104000000000000000900',
          ownerRemovedAt: new Date('2026-11-02T17:30:00.000Z'),
        },
      })
    ).id;
    ids.oldFolder = (
      await prisma.archiveFolder.create({
        data: {
          name: 'Archive of bob@example.com',
          ownerUserName: 'bob@example.com',
          ownerGoogleUserId: '104000000000000000100',
          ownerRemovedAt: new Date('2026-01-10T09:00:00.000Z'),
        },
      })
    ).id;
    // The new hire who got Alice's address, without a folder of their own yet.
    ids.newHire = (
      await prisma.user.create({
        data: {
          userName: 'alice@example.com',
          userNameKey: 'alice@example.com',
          fullName: 'Alice Newhire',
          emails: ['alice@example.com'],
          authMethod: 'DIRECTORY',
          googleUserId: '104000000000000000901',
          privileges: ['login'],
        },
      })
    ).id;
    ids.carol = (
      await prisma.user.create({
        data: {
          userName: 'carol@example.com',
          userNameKey: 'carol@example.com',
          fullName: 'Carol Keeper',
          emails: ['carol@example.com'],
          authMethod: 'DIRECTORY',
          googleUserId: '104000000000000000300',
          privileges: ['login'],
          archiveFolder: {
            create: { name: 'Archive of carol@example.com', ownerUserName: 'carol@example.com' },
          },
        },
      })
    ).id;
    await signInAsAdmin(page, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await h?.close();
  });

  const row = (folderId: string) => page.locator(`tr[data-folder-id="${folderId}"]`);

  it('lists orphaned folders from the menu with the former owner, their Google id and the removal date', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Archive folders' })
      .click();
    await page.waitForURL('**/archive-folders');
    await page.getByRole('heading', { name: 'Orphaned archive folders' }).waitFor();
    await row(ids.leaverFolder).waitFor();
    const first = await row(ids.leaverFolder).textContent();
    expect(first).toContain('Archive of alice@example.com');
    expect(first).toContain('alice@example.com');
    expect(first).toContain('Google id 104000000000000000900');
    expect(first).toContain('Nov 2, 2026');
    // Newest removal first.
    const order = await page
      .locator('tr[data-folder-id]')
      .evaluateAll((rows) => rows.map((item) => item.getAttribute('data-folder-id')));
    expect(order).toEqual([ids.leaverFolder, ids.oldFolder]);
    expect(await page.getByText('carol@example.com').count()).toBe(0);
    await screenshot(page, 'archive-folders');
  });

  it('shows the server’s refusal when the chosen user already has a folder', async () => {
    await row(ids.oldFolder)
      .getByRole('button', { name: /to a user/ })
      .click();
    const form = page.getByRole('form', { name: 'Assign Archive of bob@example.com' });
    await form.getByLabel('Find a user').fill('carol');
    await form.getByRole('radio', { name: /carol@example.com/ }).check();
    await form.getByRole('button', { name: 'Assign folder' }).click();
    await form.getByText('This user already has an archive folder.').waitFor();
    await screenshot(page, 'archive-folders-refused');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    expect(
      (await h.database.prisma.archiveFolder.findUniqueOrThrow({ where: { id: ids.oldFolder } })).ownerUserId,
    ).toBeNull();
  });

  it('assigns the leaver’s folder to the user who holds the address now', async () => {
    await row(ids.leaverFolder)
      .getByRole('button', { name: /to a user/ })
      .click();
    const form = page.getByRole('form', { name: 'Assign Archive of alice@example.com' });
    // The search starts at the former owner's address, so the successor is one click away.
    expect(await form.getByLabel('Find a user').inputValue()).toBe('alice@example.com');
    const choice = form.getByRole('radio', { name: /alice@example.com/ });
    await choice.check();
    await screenshot(page, 'archive-folders-assign');
    await form.getByRole('button', { name: 'Assign folder' }).click();

    await page.getByText('Folder assigned').waitFor();
    await row(ids.leaverFolder).waitFor({ state: 'detached' });
    expect(await page.getByRole('status').filter({ hasText: 'now belongs to' }).textContent()).toContain(
      'Archive of alice@example.com now belongs to alice@example.com',
    );
    const folder = await h.database.prisma.archiveFolder.findUniqueOrThrow({
      where: { id: ids.leaverFolder },
    });
    expect(folder).toMatchObject({ ownerUserId: ids.newHire, ownerRemovedAt: null });
    await screenshot(page, 'archive-folders-assigned');

    // The user's page shows the folder.
    await page.getByRole('link', { name: 'alice@example.com' }).click();
    await page.waitForURL(`**/users/${ids.newHire}`);
    await page.getByText('Archive of alice@example.com').first().waitFor();
  });

  it('fits a 390px phone without scrolling sideways', async () => {
    await page.setViewportSize(PHONE);
    await page.goto('/archive-folders');
    await row(ids.oldFolder).waitFor();
    await row(ids.oldFolder)
      .getByRole('button', { name: /to a user/ })
      .click();
    await page.getByRole('form', { name: 'Assign Archive of bob@example.com' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'phone-archive-folders');
  });
});
