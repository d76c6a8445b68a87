import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser';
import { startConsole, type TConsole } from './console-harness';
import { signInAsAdmin } from './console-steps';
import { FEATURED_USERS, SEEDED_USER_COUNT, seedDirectoryUsers } from './seed-users';

const ADMIN_PASSWORD = 'users-page admin password';
// The seeded directory users plus the local admin the server creates on first start.
const TOTAL_USERS = SEEDED_USER_COUNT + 1;

// Rows with a user link: the placeholder rows shown while the first page loads have none.
function tableRows(page: Page) {
  return page
    .getByRole('table')
    .locator('tbody tr')
    .filter({ has: page.getByRole('link') });
}

async function firstColumn(page: Page): Promise<string[]> {
  return tableRows(page).locator('td:first-child').allTextContents();
}

describe('console users pages', () => {
  let h: TConsole;
  let page: Page;

  beforeAll(async () => {
    h = await startConsole({ adminPassword: ADMIN_PASSWORD });
    ({ page } = h);
    await seedDirectoryUsers(h.database);
    await signInAsAdmin(page, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('lists users a page at a time with the total count', async () => {
    await tableRows(page).first().waitFor();

    expect(await tableRows(page).count()).toBe(25);
    const pagination = page.getByRole('navigation', { name: 'Pagination' });
    expect(await pagination.textContent()).toContain(`1–25 of ${TOTAL_USERS} users`);
    expect(await pagination.textContent()).toContain('Page 1 of 2');
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await screenshot(page, 'users');

    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/[?&]page=2/);
    await expect.poll(() => tableRows(page).count()).toBe(TOTAL_USERS - 25);
    expect(await pagination.textContent()).toContain('Page 2 of 2');
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await screenshot(page, 'users-page-2');
  });

  it('narrows the list as the admin types a search', async () => {
    await page.getByLabel('Search users').fill('ferreira');

    await page.waitForURL(/[?&]search=ferreira/);
    await expect.poll(() => firstColumn(page)).toEqual([FEATURED_USERS.withAliases.userName]);
    const row = tableRows(page).first();
    expect(await row.textContent()).toContain('Inês Ferreira');
    expect(await row.textContent()).toContain('Directory services');
    expect(await row.textContent()).toContain('Active');
    expect(new URL(page.url()).searchParams.get('page')).toBeNull();
    await screenshot(page, 'users-search');
  });

  it('says so when nothing matches, and clears the search on request', async () => {
    await page.getByLabel('Search users').fill('nobody-by-this-name');

    const empty = page.getByText('No users match “nobody-by-this-name”.');
    await empty.waitFor();
    await screenshot(page, 'users-no-match');

    await page.getByRole('button', { name: 'Clear search' }).click();
    await expect.poll(() => tableRows(page).count()).toBe(25);
    expect(await page.getByLabel('Search users').inputValue()).toBe('');
  });

  it('marks a suspended user with a status badge', async () => {
    await page.getByLabel('Search users').fill('novak');

    await expect.poll(() => firstColumn(page)).toEqual([FEATURED_USERS.suspended.userName]);
    expect(await tableRows(page).first().locator('.badge').textContent()).toBe('Suspended');
  });

  it('opens a user page with email addresses and privileges in words', async () => {
    const user = FEATURED_USERS.withAliases;
    await page.getByLabel('Search users').fill('ferreira');
    await expect.poll(() => firstColumn(page)).toEqual([user.userName]);

    await page.getByRole('link', { name: user.userName }).click();

    await page.getByRole('heading', { level: 1, name: user.fullName }).waitFor();
    const emails = await page.getByRole('list', { name: 'Email addresses' }).locator('li').allTextContents();
    expect(emails).toEqual([`${user.emails[0]}Primary`, `${user.emails[1]}Alias`, `${user.emails[2]}Alias`]);
    const privileges = await page.getByRole('list', { name: 'Privileges' }).locator('li').allTextContents();
    expect(privileges).toEqual(['Log on', 'Archive E-mail', 'Export E-mail', 'Delete E-mail']);
    const account = await page.getByRole('region', { name: 'Account' }).textContent();
    expect(account).toContain('Directory services');
    expect(account).toContain(user.orgUnitPath);
    expect(account).toContain(`Archive of ${user.userName}`);
    await screenshot(page, 'user-detail');
  });

  it('shows the local admin with its administrator privilege', async () => {
    await page.goto('/users?search=admin');
    await page.getByRole('link', { name: 'admin', exact: true }).click();

    await page.getByRole('list', { name: 'Privileges' }).waitFor();
    const privileges = await page.getByRole('list', { name: 'Privileges' }).locator('li').allTextContents();
    expect(privileges).toContain('Administrator');
    expect(await page.getByRole('region', { name: 'Account' }).textContent()).toContain('Local');
    await screenshot(page, 'user-detail-admin');
  });

  it('says in words when a user does not exist', async () => {
    await page.goto('/users/00000000-0000-4000-8000-000000000000');

    await page.getByRole('heading', { level: 1, name: 'User not found' }).waitFor();
    await screenshot(page, 'user-not-found');
  });
});
