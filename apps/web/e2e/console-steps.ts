import type { Page } from 'playwright-core';

export const ADMIN_USER_NAME = 'admin';

export async function fillSignInForm(page: Page, userName: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function signInAsAdmin(page: Page, password: string): Promise<void> {
  await page.goto('/sign-in');
  await fillSignInForm(page, ADMIN_USER_NAME, password);
  await page.waitForURL('**/users');
  await page.getByTestId('signed-in-user').filter({ hasText: ADMIN_USER_NAME }).waitFor();
}

export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}
